import "server-only";
import { auditIfChanged, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

type Actor = NonNullable<AuditActor>;

// Only customers of this tenant: a staff account or another tenant's user matches nothing (404).
// Disabling bumps session_version so every open session of the user fails its next request.
export async function setCustomerDisabled(input: {
  tenantId: string;
  userId: string;
  disabled: boolean;
  actor: Actor;
  ip: string | null;
}) {
  if (!isUuid(input.tenantId) || !isUuid(input.userId))
    throw new AppError("NOT_FOUND", "This user does not exist in this tenant.");
  return getDb().$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: {
        id: input.userId,
        tenantId: input.tenantId,
        role: "customer",
        disabledAt: input.disabled ? null : { not: null },
      },
      data: input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    const user = await tx.user.findFirst({
      where: { id: input.userId, tenantId: input.tenantId, role: "customer" },
      select: { id: true, email: true },
    });
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist in this tenant.");
    const audited = await auditIfChanged(
      tx,
      changed.count,
      commandAudit(input, input.disabled ? "user.disabled" : "user.enabled", ["user", user.id], { email: user.email }),
    );
    return { email: user.email, changed: audited };
  });
}
