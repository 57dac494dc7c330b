"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { createTenantAction } from "./actions";

export function CreateTenantForm() {
  const [state, action, pending] = useActionState(createTenantAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-md space-y-4 rounded-md border border-slate-200 bg-white p-6" aria-labelledby="create-tenant-heading">
      <h2 id="create-tenant-heading" className="text-lg font-semibold">
        Create a tenant
      </h2>
      {failed && !failed.fieldErrors ? <Notice tone="error" title="The tenant was not created">{failed.error}</Notice> : null}
      <Field label="Tenant name" name="name" hint="The customer's company name" defaultValue={failed?.values?.name} error={failed?.fieldErrors?.name} required maxLength={120} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create tenant"}
      </Button>
    </form>
  );
}
