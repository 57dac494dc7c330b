"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { createConnectionAction } from "./actions";

export function NewConnectionForm() {
  const [state, action, pending] = useActionState(createConnectionAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="max-w-md space-y-4 rounded-md border border-slate-200 bg-white p-6" aria-labelledby="new-connection-heading">
      <h2 id="new-connection-heading" className="text-lg font-semibold">
        New connection
      </h2>
      {failed && !failed.fieldErrors ? <Notice tone="error">{failed.error}</Notice> : null}
      <Field label="Connection name" name="name" placeholder="Production org" defaultValue={failed?.values?.name} error={failed?.fieldErrors?.name} required maxLength={64} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "New connection"}
      </Button>
    </form>
  );
}
