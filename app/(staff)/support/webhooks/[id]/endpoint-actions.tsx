"use client";

import { useState } from "react";
import { OneTimeValue } from "@/components/one-time-value";
import { ActionForm, InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { formatUtc } from "@/lib/dates";
import { deleteWebhookAction, rotateWebhookSecretAction, sendTestEventAction } from "../actions";

const card = "max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4";

// A webhook.test delivery, sent within a second or two (it waits behind anything the webhook still retries).
export function SendTestEventForm({ endpointId }: { endpointId: string }) {
  const form = useFormAction(sendTestEventAction);
  return (
    <ActionForm
      form={form}
      name={{ label: "Send test event", className: card }}
      hidden={{ endpointId }}
      errorTitle="No test event was sent"
      success
      submit="Send test event"
      pendingSubmit="Queuing…"
    >
      <p className="text-sm text-slate-700">
        Sends a <code>webhook.test</code> event, signed like the real ones, to check the receiver and its secret.
      </p>
    </ActionForm>
  );
}

// The new secret exists only in this response; the previous one keeps signing beside it for a day.
export function RotateSecretForm({ endpointId, previousHours }: { endpointId: string; previousHours: number }) {
  const form = useFormAction(rotateWebhookSecretAction);
  const rotated = form.data;
  return (
    <ActionForm
      form={form}
      name={{ label: "Rotate secret", className: card }}
      hidden={{ endpointId }}
      errorTitle="The secret was not rotated"
      submit="Rotate secret"
      pendingSubmit="Rotating…"
    >
      {rotated ? (
        <OneTimeValue
          tone="warning"
          title="New signing secret"
          message={`Copy the new signing secret into the receiver now: it will not be shown again. The previous secret stays valid until ${formatUtc(rotated.previousValidUntil)}; until then each request carries a signature for both.`}
          value={rotated.secret}
          testId="webhook-secret"
          copyLabel="signing secret"
        />
      ) : null}
      <p className="text-sm text-slate-700">
        A new secret signs every request from now on; the current one keeps signing beside it for {previousHours} hours,
        so the receiver can be updated without missing a request.
      </p>
    </ActionForm>
  );
}

// Deleting drops the webhook with its queued deliveries and log: asked first.
export function DeleteWebhookForm({ endpointId, url }: { endpointId: string; url: string }) {
  const form = useFormAction(deleteWebhookAction);
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
        Delete webhook…
      </Button>
    );
  return (
    <div
      role="alertdialog"
      aria-labelledby="delete-webhook-title"
      aria-describedby="delete-webhook-text"
      className="max-w-2xl space-y-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950"
    >
      <p id="delete-webhook-title" className="font-semibold">
        Delete this webhook?
      </p>
      <p id="delete-webhook-text" className="break-all">
        Requests to {url} stop now. Its queued deliveries and its delivery log are deleted too. This cannot be undone.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <InlineActionForm
          form={form}
          hidden={{ endpointId }}
          className="flex flex-wrap items-center gap-3"
          error={(message) => (
            <span role="alert" aria-label="The webhook was not deleted" className="text-red-800">
              {message}
            </span>
          )}
        >
          <Button type="submit" variant="danger" disabled={form.pending} autoFocus>
            {form.pending ? "Deleting…" : "Delete webhook"}
          </Button>
        </InlineActionForm>
        <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
