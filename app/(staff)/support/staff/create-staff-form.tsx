"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field, SelectField } from "@/components/ui/field";
import { createStaffUserAction } from "./actions";

const ROLES = [
  { value: "support", label: "Support: every tenant's connections, invitations, audit log" },
  { value: "admin", label: "Admin: support, plus staff management" },
];

export function CreateStaffForm() {
  const form = useFormAction(createStaffUserAction);
  return (
    <ActionForm
      form={form}
      name={{ card: "create-staff", title: "Add a staff user" }}
      noValidate
      errorTitle="The staff user was not created"
      fieldErrorsSuffice
      success
      submit="Create staff user"
      pendingSubmit="Creating…"
    >
      <Field label="Email" type="email" autoComplete="off" required {...form.field("email")} />
      <Field
        label="Initial password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters"
        required
        {...form.field("password")}
      />
      <SelectField label="Role" options={ROLES} {...form.field("role", "support")} />
    </ActionForm>
  );
}
