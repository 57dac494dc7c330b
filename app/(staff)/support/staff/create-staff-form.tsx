"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import { Notice } from "@/components/ui/notice";
import { createStaffUserAction } from "./actions";

const ROLES = [
  { value: "support", label: "Support: every tenant's connections, invitations, audit log" },
  { value: "admin", label: "Admin: support, plus staff management" },
];

export function CreateStaffForm() {
  const [state, action, pending] = useActionState(createStaffUserAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <FormCard
      id="create-staff"
      title="Add a staff user"
      action={action}
      noValidate
      error={failed && !failed.fieldErrors ? { title: "The staff user was not created", message: failed.error } : null}
    >
      {state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        defaultValue={failed?.values?.email}
        error={failed?.fieldErrors?.email}
        required
      />
      <Field
        label="Initial password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters"
        error={failed?.fieldErrors?.password}
        required
      />
      <SelectField
        label="Role"
        name="role"
        defaultValue={failed?.values?.role ?? "support"}
        error={failed?.fieldErrors?.role}
        options={ROLES}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create staff user"}
      </Button>
    </FormCard>
  );
}
