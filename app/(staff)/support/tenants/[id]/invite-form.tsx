"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { inviteCustomerAction } from "../actions";

const EMAILED = {
  sent: "It was also emailed to the customer.",
  not_configured: "Email is not configured on this portal: send the link to the customer yourself.",
  failed: "Emailing it failed (see the server log): send the link to the customer yourself.",
} as const;

// The link exists only in this response: reloading the page loses it, and a new invitation is the only way back.
export function InviteForm({ tenantId }: { tenantId: string }) {
  const [state, action, pending] = useActionState(inviteCustomerAction, null);
  const failed = state && !state.ok ? state : null;
  const shown = state?.ok ? state.data : undefined;
  return (
    <form action={action} className="max-w-2xl space-y-4 rounded-md border border-slate-200 bg-white p-6" aria-labelledby="invite-heading">
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite a customer
      </h2>
      <input type="hidden" name="tenantId" value={tenantId} />
      {failed && !failed.fieldErrors ? <Notice tone="error" title="The invitation was not created">{failed.error}</Notice> : null}
      {shown ? (
        <Notice tone="success" title="Invitation link">
          <p className="mt-1">
            Send this link to {shown.email}. It works once and expires on {shown.expiresAt.slice(0, 10)}. It is shown only now. {EMAILED[shown.emailed]}
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <code data-testid="invitation-link" className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900">
              {shown.url}
            </code>
            <CopyButton value={shown.url} label="Copy link" />
          </div>
        </Notice>
      ) : null}
      <Field label="Customer email" name="email" type="email" autoComplete="off" defaultValue={failed?.values?.email} error={failed?.fieldErrors?.email} required />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating the invitation…" : "Invite"}
      </Button>
    </form>
  );
}
