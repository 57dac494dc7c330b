import "server-only";
import { auditIfChanged, commandAudit, type AuditActor } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";

// A customer's own choice about connection notification emails (lib/notifications). Staff notifications go to
// PORTAL_STAFF_NOTIFY instead, so this is a customer setting only.

export async function getNotifyByEmail(userId: string, tenantId: string): Promise<boolean> {
  const user = await getDb().user.findFirst({
    where: { id: userId, tenantId, role: "customer" },
    select: { notifyByEmail: true },
  });
  return user?.notifyByEmail ?? false;
}

// The session's own user only; a repeated save of the same value changes and audits nothing.
export async function setNotifyByEmail(input: {
  userId: string;
  tenantId: string;
  notifyByEmail: boolean;
  actor: NonNullable<AuditActor>;
  ip: string | null;
}): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id: input.userId, tenantId: input.tenantId, role: "customer", notifyByEmail: !input.notifyByEmail },
      data: { notifyByEmail: input.notifyByEmail },
    });
    await auditIfChanged(
      tx,
      changed.count,
      commandAudit(input, "user.notifications_changed", ["user", input.userId], {
        notifyByEmail: input.notifyByEmail,
      }),
    );
  });
}
