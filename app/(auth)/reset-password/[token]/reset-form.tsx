"use client";

import { SetPasswordForm } from "@/components/set-password-form";
import { resetPasswordAction } from "./actions";

export function ResetPasswordForm({ token, email }: { token: string; email: string }) {
  return (
    <SetPasswordForm
      token={token}
      email={email}
      action={resetPasswordAction}
      redirectTo="/"
      text={{
        submit: "Set new password and sign in",
        pending: "Saving your new password…",
        failed: "Your password was not changed",
        saved: "Password changed. Signing you in…",
        done: "Your password is changed",
      }}
    />
  );
}
