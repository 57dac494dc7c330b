"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { changeStaffRoleAction, setStaffDisabledAction } from "./actions";

type Props = { userId: string; email: string; role: "support" | "admin"; disabled: boolean };

export function StaffRowActions({ userId, email, role, disabled }: Props) {
  const [roleState, roleAction, rolePending] = useActionState(changeStaffRoleAction, null);
  const [statusState, statusAction, statusPending] = useActionState(setStaffDisabledAction, null);
  const error = [roleState, statusState].find((s) => s && !s.ok);
  const otherRole = role === "admin" ? "support" : "admin";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <form action={roleAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="role" value={otherRole} />
        <Button type="submit" variant="secondary" disabled={rolePending}>
          Make {otherRole}
          <span className="sr-only">: {email}</span>
        </Button>
      </form>
      <form action={statusAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <Button
          type="submit"
          variant={disabled ? "secondary" : "danger"}
          disabled={statusPending}
          aria-label={`${disabled ? "Enable" : "Disable"} ${email}`}
        >
          {disabled ? "Enable" : "Disable"}
        </Button>
      </form>
      {error && !error.ok ? (
        <span role="alert" aria-label={`Change to ${email} failed`} className="text-sm text-red-700">
          {error.error}
        </span>
      ) : null}
    </div>
  );
}
