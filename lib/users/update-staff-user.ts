import "server-only";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { getDb, type Db } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import type { StaffRole } from "@/lib/users/schemas";

type Actor = NonNullable<AuditActor>;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const NOT_FOUND = "This staff user does not exist.";
const LAST_ADMIN = "This is the last active admin. Make another staff user an admin first.";

// Locks every active admin row, then counts: two admins demoting each other at once serialise here,
// and the second sees one admin left (READ COMMITTED re-checks the WHERE on rows it waited for).
async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text FROM users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE`;
  return rows.map((r) => r.id);
}

async function findStaff(tx: Tx, userId: string) {
  if (!isUuid(userId)) throw new AppError("NOT_FOUND", NOT_FOUND);
  const user = await tx.user.findFirst({
    where: { id: userId, role: { in: ["support", "admin"] } },
    select: { id: true, email: true, role: true, disabledAt: true },
  });
  if (!user) throw new AppError("NOT_FOUND", NOT_FOUND);
  return user;
}

export async function setStaffDisabled(input: { userId: string; disabled: boolean; actor: Actor; ip: string | null }) {
  if (input.disabled && input.userId === input.actor.id)
    throw new AppError("FORBIDDEN", "You cannot disable your own account. Ask another admin.");
  return getDb().$transaction(async (tx) => {
    const admins = input.disabled ? await lockActiveAdmins(tx) : [];
    const user = await findStaff(tx, input.userId);
    if (Boolean(user.disabledAt) === input.disabled) return { email: user.email, changed: false };
    if (input.disabled && admins.includes(user.id) && admins.length <= 1) throw new AppError("CONFLICT", LAST_ADMIN);
    await tx.user.update({
      where: { id: user.id },
      data: input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: input.disabled ? "user.disabled" : "user.enabled",
      actor: input.actor,
      target: ["user", user.id],
      ip: input.ip,
      details: { email: user.email, role: user.role },
    });
    return { email: user.email, changed: true };
  });
}

// A role change also revokes the user's sessions: the next request signs in with the new role's permissions.
export async function changeStaffRole(input: { userId: string; role: StaffRole; actor: Actor; ip: string | null }) {
  if (input.userId === input.actor.id)
    throw new AppError("FORBIDDEN", "You cannot change your own role. Ask another admin.");
  return getDb().$transaction(async (tx) => {
    const admins = input.role === "support" ? await lockActiveAdmins(tx) : [];
    const user = await findStaff(tx, input.userId);
    if (user.role === input.role) return { email: user.email, changed: false };
    if (input.role === "support" && admins.includes(user.id) && admins.length <= 1)
      throw new AppError("CONFLICT", LAST_ADMIN);
    await tx.user.update({
      where: { id: user.id },
      data: { role: input.role, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "user.role_changed",
      actor: input.actor,
      target: ["user", user.id],
      ip: input.ip,
      details: { email: user.email, from: user.role, to: input.role },
    });
    return { email: user.email, changed: true };
  });
}
