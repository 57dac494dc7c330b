"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import { createTenantAction } from "./actions";

export function CreateTenantForm() {
  const [state, action, pending] = useActionState(createTenantAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <FormCard
      id="create-tenant"
      title="Create a tenant"
      action={action}
      error={failed && !failed.fieldErrors ? { title: "The tenant was not created", message: failed.error } : null}
    >
      <Field
        label="Tenant name"
        name="name"
        hint="The customer's company name"
        defaultValue={failed?.values?.name}
        error={failed?.fieldErrors?.name}
        required
        maxLength={120}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create tenant"}
      </Button>
    </FormCard>
  );
}
