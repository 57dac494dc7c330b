"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { createConnectionAction } from "./actions";

export function NewConnectionForm() {
  const form = useFormAction(createConnectionAction);
  return (
    <ActionForm
      form={form}
      name={{ card: "new-connection", title: "New connection" }}
      fieldErrorsSuffice
      submit="New connection"
      pendingSubmit="Creating…"
    >
      <Field label="Connection name" placeholder="Production org" required maxLength={64} {...form.field("name")} />
    </ActionForm>
  );
}
