"use client";

import { AccountStatusForm, InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { changeStaffRoleAction, setStaffDisabledAction } from "./actions";

type Props = { userId: string; email: string; role: "support" | "admin"; disabled: boolean };

export function StaffRowActions({ userId, email, role, disabled }: Props) {
  const roleForm = useFormAction(changeStaffRoleAction);
  const statusForm = useFormAction(setStaffDisabledAction);
  const error = roleForm.failed ?? statusForm.failed;
  const otherRole = role === "admin" ? "support" : "admin";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InlineActionForm form={roleForm} hidden={{ userId, role: otherRole }}>
        <Button type="submit" variant="secondary" disabled={roleForm.pending}>
          Make {otherRole}
          <span className="sr-only">: {email}</span>
        </Button>
      </InlineActionForm>
      <AccountStatusForm form={statusForm} hidden={{ userId }} email={email} disabled={disabled} />
      {error ? (
        <span role="alert" aria-label={`Change to ${email} failed`} className="text-sm text-red-700">
          {error.error}
        </span>
      ) : null}
    </div>
  );
}
