"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField } from "@/components/ui/field";
import { saveNotificationSettingsAction } from "./actions";

export function NotificationForm({ notifyByEmail }: { notifyByEmail: boolean }) {
  const form = useFormAction(saveNotificationSettingsAction);
  return (
    <ActionForm
      form={form}
      name={{
        label: "Email notifications",
        className: "max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4",
      }}
      errorTitle="The setting was not saved"
      success
      submit="Save email settings"
      pendingSubmit="Saving…"
    >
      <CheckboxField
        key={String(notifyByEmail)}
        name="notifyByEmail"
        label="Email me when a connection changes status or its certificate nears expiry"
        defaultChecked={notifyByEmail}
        hint="A connection that fails twice in a row, works again or connects with a warning; a certificate 30, 7 and 1 days before it expires, and when a renewed one is in use. Each email says what is wrong and what to do."
      />
    </ActionForm>
  );
}
