"use client";

import Link from "next/link";
import { OneTimeValue } from "@/components/one-time-value";
import { WebhookFields } from "@/components/webhook-fields";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import type { ActionState } from "@/lib/auth/actions";
import type { EventChoice } from "@/lib/webhooks/views";

type Created = { id: string; secret: string };
type CreateAction = (state: ActionState<Created>, formData: FormData) => Promise<ActionState<Created>>;

// The secret exists only in this response (it is stored sealed and never shown again), so the form keeps it on
// screen with a link to the new webhook rather than redirecting there.
export function CreateWebhookForm({
  tenantId,
  choices,
  action,
}: {
  tenantId: string | null;
  choices: readonly EventChoice[];
  action: CreateAction;
}) {
  const form = useFormAction(action);
  const created = form.data;
  return (
    <ActionForm
      form={form}
      name={{
        card: "add-webhook",
        title: tenantId ? "Add a webhook for this tenant" : "Add a webhook for all tenants",
        level: 3,
        wide: true,
      }}
      hidden={{ tenantId: tenantId ?? "" }}
      errorTitle="The webhook was not added"
      fieldErrorsSuffice
      submit="Add webhook"
      pendingSubmit="Adding…"
    >
      {created ? (
        <div className="space-y-2">
          <OneTimeValue
            tone="warning"
            title="Signing secret"
            message="Webhook added. Copy its signing secret into the receiver now: it will not be shown again."
            value={created.secret}
            testId="webhook-secret"
            copyLabel="signing secret"
          />
          <Link href={`/support/webhooks/${created.id}`} className="text-sm text-blue-700 underline">
            Open the webhook&apos;s delivery log
          </Link>
        </div>
      ) : null}
      <WebhookFields form={form} choices={choices} events={choices.map((c) => c.type)} />
    </ActionForm>
  );
}
