"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import { createConnectionAction } from "./actions";

export function NewConnectionForm() {
  const [state, action, pending] = useActionState(createConnectionAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <FormCard
      id="new-connection"
      title="New connection"
      action={action}
      error={failed && !failed.fieldErrors ? { message: failed.error } : null}
    >
      <Field
        label="Connection name"
        name="name"
        placeholder="Production org"
        defaultValue={failed?.values?.name}
        error={failed?.fieldErrors?.name}
        required
        maxLength={64}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "New connection"}
      </Button>
    </FormCard>
  );
}
