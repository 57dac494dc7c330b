"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/actions";
import { createStaffUser } from "@/lib/users/create-staff-user";
import { changeStaffRoleSchema, createStaffUserSchema, setStaffDisabledSchema } from "@/lib/users/schemas";
import { changeStaffRole, setStaffDisabled } from "@/lib/users/update-staff-user";

export const createStaffUserAction = staffAction("staff:manage", createStaffUserSchema, async ({ data, user, ip }) => {
  const created = await createStaffUser({ ...data, actor: user, ip });
  revalidatePath("/support/staff");
  return {
    ok: true,
    message: `Created ${created.role} user ${created.email}. Give them the initial password through a separate channel.`,
  };
});

export const setStaffDisabledAction = staffAction(
  "staff:manage",
  setStaffDisabledSchema,
  async ({ data, user, ip }) => {
    const result = await setStaffDisabled({ ...data, actor: user, ip });
    revalidatePath("/support/staff");
    return { ok: true, message: `${result.email} is ${data.disabled ? "disabled" : "enabled"}.` };
  },
);

export const changeStaffRoleAction = staffAction("staff:manage", changeStaffRoleSchema, async ({ data, user, ip }) => {
  const result = await changeStaffRole({ ...data, actor: user, ip });
  revalidatePath("/support/staff");
  return { ok: true, message: `${result.email} is now ${data.role}.` };
});
