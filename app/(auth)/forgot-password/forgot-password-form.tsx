"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { requestPasswordResetAction } from "./actions";

export function ForgotPasswordForm() {
  const form = useFormAction(requestPasswordResetAction);
  const shown = form.data;
  if (shown?.delivery === "not_configured")
    return (
      <Notice tone="info" title="Ask your support contact">
        <p>
          This portal does not send email, so it cannot send you a link. Ask your support contact to send you a password
          reset link.
        </p>
      </Notice>
    );
  if (shown)
    return (
      <Notice tone="success" title="Check your email">
        <p>
          If {shown.email} has an account here, we have sent it a link to choose a new password. The link works once,
          for 1 hour. Nothing after a few minutes? Check your spam folder, or ask your support contact to send you a
          link.
        </p>
      </Notice>
    );
  return (
    <ActionForm
      form={form}
      name={{ label: "Request a password reset link", className: "space-y-4" }}
      noValidate
      errorTitle="No link was sent"
      fieldErrorsSuffice
      submit="Send reset link"
      pendingSubmit="Sending…"
    >
      <Field label="Email" type="email" autoComplete="username" required {...form.field("email")} />
    </ActionForm>
  );
}
