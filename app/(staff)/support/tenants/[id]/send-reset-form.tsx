"use client";

import { OneTimeValue } from "@/components/one-time-value";
import { InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { formatUtc } from "@/lib/dates";
import { sendPasswordResetAction } from "../actions";

const NOT_EMAILED = {
  not_configured: "Email is not configured on this portal: send the link to the customer yourself.",
  failed: "Emailing it failed (see the server log): send the link to the customer yourself.",
} as const;

// A mailed link is never shown; an unmailed one exists only in this response (reloading loses it).
export function SendResetForm({ tenantId, userId, email }: { tenantId: string; userId: string; email: string }) {
  const form = useFormAction(sendPasswordResetAction);
  const shown = form.data;
  const expires = shown ? formatUtc(new Date(shown.expiresAt)) : "";
  return (
    <InlineActionForm
      form={form}
      hidden={{ tenantId, userId }}
      className="space-y-2"
      error={(message) => (
        <span role="alert" aria-label="Reset link not sent" className="block text-sm text-red-700">
          {message}
        </span>
      )}
    >
      <Button
        type="submit"
        variant="secondary"
        disabled={form.pending}
        aria-label={`Send password reset link to ${email}`}
      >
        {form.pending ? "Sending…" : "Send password reset link"}
      </Button>
      {shown?.url ? (
        <OneTimeValue
          tone="success"
          title="Password reset link"
          message={`Send this link to ${shown.email}. It works once, until ${expires}, and is shown only now. ${shown.emailed === "sent" ? "" : NOT_EMAILED[shown.emailed]}`}
          value={shown.url}
          testId="password-reset-link"
          copyLabel="Copy reset link"
        />
      ) : shown ? (
        <Notice tone="success" title="Reset link emailed">
          A reset link was emailed to {shown.email}. It works once, until {expires}.
        </Notice>
      ) : null}
    </InlineActionForm>
  );
}
