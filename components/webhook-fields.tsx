import type { FormAction } from "@/components/ui/action-form";
import { CheckboxField, Field } from "@/components/ui/field";
import type { EventChoice } from "@/lib/webhooks/views";

// When each is sent (lib/connections/finish-test-run.ts, lib/jobs/notify-task.ts).
const EVENT_HINTS: Record<string, string> = {
  "connection.failed": "A connection that had worked failed its test twice in a row.",
  "connection.recovered": "A connection that had failed twice or more passed its test again.",
  "connection.warning": "A connected connection's test passed with warnings.",
  "certificate.expiring": "A certificate is 30, 7 or 1 day from its expiry.",
  "certificate.renewed": "A renewed certificate was accepted by Salesforce and is now in use.",
};

// A webhook's URL, description and event checkboxes (one per type), for the add and edit forms. After a failed submit
// the boxes show what was sent; otherwise `events` (the saved ones, or all for a new webhook).
export function WebhookFields<T>({
  form,
  url,
  description,
  events,
  choices,
}: {
  form: FormAction<T>;
  choices: readonly EventChoice[];
  url?: string;
  description?: string;
  events: readonly string[];
}) {
  const { failed } = form;
  const eventsError = failed?.fieldErrors?.events;
  const checked = ({ type, field }: EventChoice) =>
    failed?.values ? failed.values[field] === "on" : events.includes(type);
  return (
    <>
      <Field
        label="URL"
        type="url"
        autoComplete="off"
        hint="The receiver's https:// address. Each request is signed (X-Portal-Signature) with the webhook's secret."
        required
        {...form.field("url", url)}
      />
      <Field label="Description" autoComplete="off" maxLength={200} {...form.field("description", description)} />
      <fieldset className="space-y-2" aria-describedby={eventsError ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {choices.map((choice) => (
          <CheckboxField
            key={`${choice.field}:${String(checked(choice))}`}
            name={choice.field}
            label={choice.type}
            hint={EVENT_HINTS[choice.type]}
            defaultChecked={checked(choice)}
          />
        ))}
        {eventsError ? (
          <p id="webhook-events-error" className="text-sm text-red-700">
            {eventsError}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
