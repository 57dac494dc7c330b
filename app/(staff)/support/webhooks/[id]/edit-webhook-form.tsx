"use client";

import { WebhookFields } from "@/components/webhook-fields";
import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField } from "@/components/ui/field";
import type { EndpointView, EventChoice } from "@/lib/webhooks/views";
import { updateWebhookAction } from "../actions";

type Editable = Pick<EndpointView, "id" | "url" | "description" | "enabled" | "eventTypes">;

// Admins only. Disabling keeps new deliveries queued (nothing is dropped); enabling sends them, oldest first.
export function EditWebhookForm({ endpoint, choices }: { endpoint: Editable; choices: readonly EventChoice[] }) {
  const form = useFormAction(updateWebhookAction);
  const enabled = form.failed?.values ? form.failed.values.enabled === "on" : endpoint.enabled;
  return (
    <ActionForm
      form={form}
      name={{ card: "edit-webhook", title: "Edit webhook", level: 3, wide: true }}
      hidden={{ endpointId: endpoint.id }}
      errorTitle="The webhook was not saved"
      fieldErrorsSuffice
      success
      submit="Save webhook"
      pendingSubmit="Saving…"
    >
      <WebhookFields
        form={form}
        choices={choices}
        url={endpoint.url}
        description={endpoint.description}
        events={endpoint.eventTypes}
      />
      <CheckboxField
        key={String(enabled)}
        name="enabled"
        label="Enabled"
        defaultChecked={enabled}
        hint="While disabled, new events wait in the queue and are sent when the webhook is enabled again."
      />
    </ActionForm>
  );
}
