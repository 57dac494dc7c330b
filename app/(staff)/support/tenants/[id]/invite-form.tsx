"use client";

import { OneTimeValue } from "@/components/one-time-value";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { inviteCustomerAction } from "../actions";

const EMAILED = {
  sent: "It was also emailed to the customer.",
  not_configured: "Email is not configured on this portal: send the link to the customer yourself.",
  failed: "Emailing it failed (see the server log): send the link to the customer yourself.",
} as const;

// The link exists only in this response: reloading the page loses it, and a new invitation is the only way back.
export function InviteForm({ tenantId }: { tenantId: string }) {
  const form = useFormAction(inviteCustomerAction);
  const shown = form.data;
  return (
    <ActionForm
      form={form}
      name={{ card: "invite", title: "Invite a customer", wide: true }}
      hidden={{ tenantId }}
      errorTitle="The invitation was not created"
      fieldErrorsSuffice
      submit="Invite"
      pendingSubmit="Creating the invitation…"
    >
      {shown ? (
        <OneTimeValue
          tone="success"
          title="Invitation link"
          message={`Send this link to ${shown.email}. It works once and expires on ${shown.expiresAt.slice(0, 10)}. It is shown only now. ${EMAILED[shown.emailed]}`}
          value={shown.url}
          testId="invitation-link"
          copyLabel="Copy link"
        />
      ) : null}
      <Field label="Customer email" type="email" autoComplete="off" required {...form.field("email")} />
    </ActionForm>
  );
}
