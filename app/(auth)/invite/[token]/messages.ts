// One wording per outcome, shared by the page (on open) and the action (on submit).
export const INVITATION_MESSAGES = {
  invalid:
    "This invitation link is invalid or has expired. Invitation links work for 7 days. Ask your support contact for a new invitation.",
  used: "This invitation link has already been used. If you set your password, sign in with it; otherwise ask your support contact for a new invitation.",
  account_exists:
    "An account with this email already exists. Sign in with it, or ask your support contact if you cannot.",
} as const;

export const ACCEPT_FORM_TEXT = {
  submit: "Set password and sign in",
  pending: "Creating your account…",
  failed: "Your account was not created",
  saved: "Account created. Signing you in…",
  done: "Your account is ready",
};
