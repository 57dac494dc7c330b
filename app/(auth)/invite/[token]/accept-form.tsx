"use client";

import { SetPasswordForm } from "@/components/set-password-form";
import { acceptInvitationAction } from "./actions";

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  return (
    <SetPasswordForm
      token={token}
      email={email}
      action={acceptInvitationAction}
      redirectTo="/connections"
      text={{
        submit: "Set password and sign in",
        pending: "Creating your account…",
        failed: "Your account was not created",
        saved: "Account created. Signing you in…",
        done: "Your account is ready",
      }}
    />
  );
}
