"use client";

import { InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { redeliverWebhookAction } from "../actions";

// The same body again as a new delivery (with its own 24 hours of retries), at the end of the webhook's queue.
export function RedeliverButton({
  endpointId,
  deliveryId,
  what,
}: {
  endpointId: string;
  deliveryId: string;
  what: string;
}) {
  const form = useFormAction(redeliverWebhookAction);
  return (
    <InlineActionForm
      form={form}
      hidden={{ endpointId, deliveryId }}
      className="flex flex-col items-start gap-1"
      error={(message) => (
        <span role="alert" aria-label={`Redelivering ${what} failed`} className="text-xs text-red-700">
          {message}
        </span>
      )}
    >
      <Button type="submit" variant="secondary" disabled={form.pending} className="px-3 py-1 text-xs">
        {form.pending ? "Queuing…" : "Redeliver"}
        <span className="sr-only">: {what}</span>
      </Button>
      {form.state?.ok ? (
        <span role="status" className="text-xs text-green-800">
          {form.state.message}
        </span>
      ) : null}
    </InlineActionForm>
  );
}
