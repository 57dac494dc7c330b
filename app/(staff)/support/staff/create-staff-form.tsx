"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { createStaffUserAction } from "./actions";

export function CreateStaffForm() {
  const [state, action, pending] = useActionState(createStaffUserAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-md space-y-4 rounded-md border border-slate-200 bg-white p-6" aria-labelledby="create-staff-heading" noValidate>
      <h2 id="create-staff-heading" className="text-lg font-semibold">
        Add a staff user
      </h2>
      {failed && !failed.fieldErrors ? <Notice tone="error" title="The staff user was not created">{failed.error}</Notice> : null}
      {state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="off" defaultValue={failed?.values?.email} error={failed?.fieldErrors?.email} required />
      <Field label="Initial password" name="password" type="password" autoComplete="new-password" hint="At least 12 characters" error={failed?.fieldErrors?.password} required />
      <SelectField
        label="Role"
        name="role"
        defaultValue={failed?.values?.role ?? "support"}
        error={failed?.fieldErrors?.role}
        options={[
          { value: "support", label: "Support: every tenant's connections, invitations, audit log" },
          { value: "admin", label: "Admin: support, plus staff management" },
        ]}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create staff user"}
      </Button>
    </form>
  );
}
