"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { CheckboxField } from "@/components/ui/field";
import { setKeyExportAllowedAction } from "../actions";

// Admins only (keys:export): whether this tenant's customers may download their private key and manage API tokens.
export function KeyExportForm({ tenantId, allowed }: { tenantId: string; allowed: boolean }) {
  const form = useFormAction(setKeyExportAllowedAction);
  return (
    <ActionForm
      form={form}
      name={{
        label: "Key export policy",
        className: "max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4",
      }}
      hidden={{ tenantId }}
      errorTitle="The setting was not saved"
      success
      submit="Save key export policy"
      pendingSubmit="Saving…"
    >
      <CheckboxField
        key={String(allowed)}
        name="allowed"
        label="Customers may export the private key"
        defaultChecked={allowed}
        hint="Lets this tenant's customers download server.pem, keystores and the collector bundle (with their password and a reason), and create API tokens. Every change is audited."
      />
    </ActionForm>
  );
}
