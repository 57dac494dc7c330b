// One wording per outcome, shared by the page (on open) and the action (on submit).
export const RESET_LINK_MESSAGES = {
  invalid: {
    title: "This password reset link is invalid",
    text: "Open the whole link from the email, or request a new one. Only the latest link you were sent works.",
  },
  used: {
    title: "This password reset link has already been used",
    text: "Each link works once. If you chose a new password with it, sign in with that password; otherwise request a new link.",
  },
  expired: {
    title: "This password reset link has expired",
    text: "Reset links work for 1 hour. Request a new link.",
  },
} as const;

export const RESET_FORM_TEXT = {
  submit: "Set new password and sign in",
  pending: "Saving your new password…",
  failed: "Your password was not changed",
  saved: "Password changed. Signing you in…",
  done: "Your password is changed",
};
