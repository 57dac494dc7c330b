"use client";

import { AccountStatusForm, useFormAction } from "@/components/ui/action-form";
import { setCustomerDisabledAction } from "../actions";

type Props = { tenantId: string; userId: string; email: string; disabled: boolean };

export function UserStatusForm({ tenantId, userId, email, disabled }: Props) {
  const form = useFormAction(setCustomerDisabledAction);
  return (
    <AccountStatusForm
      form={form}
      hidden={{ tenantId, userId }}
      email={email}
      disabled={disabled}
      className="flex items-center gap-3"
      error={(message) => (
        <span role="alert" aria-label="Status change failed" className="text-sm text-red-700">
          {message}
        </span>
      )}
    />
  );
}
