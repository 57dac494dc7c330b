"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { createTenantAction } from "./actions";

export function CreateTenantForm() {
  const form = useFormAction(createTenantAction);
  return (
    <ActionForm
      form={form}
      name={{ card: "create-tenant", title: "Create a tenant" }}
      errorTitle="The tenant was not created"
      fieldErrorsSuffice
      submit="Create tenant"
      pendingSubmit="Creating…"
    >
      <Field label="Tenant name" hint="The customer's company name" required maxLength={120} {...form.field("name")} />
    </ActionForm>
  );
}
