import "server-only";
import { auditIfChanged, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

type Actor = NonNullable<AuditActor>;

// "Customers may export the private key": callers check keys:export. Only a real change is written and audited.
export async function setKeyExportAllowed(input: {
  tenantId: string;
  allowed: boolean;
  actor: Actor;
  ip: string | null;
}) {
  if (!isUuid(input.tenantId)) throw new AppError("NOT_FOUND", "That tenant does not exist.");
  return getDb().$transaction(async (tx) => {
    const changed = await tx.tenant.updateMany({
      where: { id: input.tenantId, keyExportAllowed: !input.allowed },
      data: { keyExportAllowed: input.allowed },
    });
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, name: true } });
    if (!tenant) throw new AppError("NOT_FOUND", "That tenant does not exist.");
    const audited = await auditIfChanged(
      tx,
      changed.count,
      commandAudit({ ...input, tenantId: tenant.id }, "tenant.key_export_changed", ["tenant", tenant.id], {
        allowed: input.allowed,
      }),
    );
    return { name: tenant.name, changed: audited };
  });
}
