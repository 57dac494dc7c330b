"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { setKeyExportAllowedAction } from "../actions";

// Admins only (keys:export): whether this tenant's customers may download their private key and manage API tokens.
export function KeyExportForm({ tenantId, allowed }: { tenantId: string; allowed: boolean }) {
  const [state, action, pending] = useActionState(setKeyExportAllowedAction, null);
  return (
    <form
      action={action}
      className="max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4"
      aria-label="Key export policy"
    >
      <input type="hidden" name="tenantId" value={tenantId} />
      {state && !state.ok ? (
        <Notice tone="error" title="The setting was not saved">
          {state.error}
        </Notice>
      ) : null}
      {state?.ok ? <Notice tone="success">{state.message}</Notice> : null}
      <CheckboxField
        key={String(allowed)}
        name="allowed"
        label="Customers may export the private key"
        defaultChecked={allowed}
        hint="Lets this tenant's customers download server.pem, keystores and the collector bundle (with their password and a reason), and create API tokens. Every change is audited."
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save key export policy"}
      </Button>
    </form>
  );
}
