"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { staffAction } from "@/lib/auth/actions";
import { changeStaffRole, createStaffUser, createStaffUserSchema, setStaffDisabled, staffRoleSchema } from "@/lib/staff/staff-users";

export const createStaffUserAction = staffAction("staff:manage", createStaffUserSchema, async ({ data, user, ip }) => {
  const created = await createStaffUser({ ...data, actor: user, ip });
  revalidatePath("/support/staff");
  return { ok: true, message: `Created ${created.role} user ${created.email}. Give them the initial password through a separate channel.` };
});

const statusSchema = z.object({ userId: z.uuid(), disabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export const setStaffDisabledAction = staffAction("staff:manage", statusSchema, async ({ data, user, ip }) => {
  const result = await setStaffDisabled({ ...data, actor: user, ip });
  revalidatePath("/support/staff");
  return { ok: true, message: `${result.email} is ${data.disabled ? "disabled" : "enabled"}.` };
});

const roleSchema = z.object({ userId: z.uuid(), role: staffRoleSchema });

export const changeStaffRoleAction = staffAction("staff:manage", roleSchema, async ({ data, user, ip }) => {
  const result = await changeStaffRole({ ...data, actor: user, ip });
  revalidatePath("/support/staff");
  return { ok: true, message: `${result.email} is now ${data.role}.` };
});
