"use client";

import { useActionState } from "react";
import { OneTimeValue } from "@/components/one-time-value";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
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
    <FormCard
      id="invite"
      title="Invite a customer"
      action={action}
      wide
      error={failed && !failed.fieldErrors ? { title: "The invitation was not created", message: failed.error } : null}
    >
      <input type="hidden" name="tenantId" value={tenantId} />
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
      <Field
        label="Customer email"
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={failed?.values?.email}
        error={failed?.fieldErrors?.email}
        required
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating the invitation…" : "Invite"}
      </Button>
    </FormCard>
  );
}
