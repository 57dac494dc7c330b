"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { setCustomerDisabledAction } from "../actions";

export function UserStatusForm({
  tenantId,
  userId,
  email,
  disabled,
}: {
  tenantId: string;
  userId: string;
  email: string;
  disabled: boolean;
}) {
  const [state, action, pending] = useActionState(setCustomerDisabledAction, null);
  return (
    <form action={action} className="flex items-center gap-3">
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
      <Button
        type="submit"
        variant={disabled ? "secondary" : "danger"}
        disabled={pending}
        aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
      >
        {disabled ? "Enable" : "Disable"}
      </Button>
      {state && !state.ok ? (
        <span role="alert" aria-label="Status change failed" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
