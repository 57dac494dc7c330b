import "server-only";
import { auditIfChanged, commandAudit, type AuditActor } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import type { RetestInterval } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";

// The re-test intervals: per tenant (admins, schedule:manage) and per connection (support, tests:run-any); callers
// check the permission. Only a real change is written and audited. The schedule reads them at its next tick.

type Input = { actor: NonNullable<AuditActor>; ip: string | null };

export async function setTenantRetestInterval(input: Input & { tenantId: string; interval: RetestInterval }) {
  return getDb().$transaction(async (tx) => {
    const changed = await tx.tenant.updateMany({
      where: { id: input.tenantId, retestInterval: { not: input.interval } },
      data: { retestInterval: input.interval },
    });
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, name: true } });
    if (!tenant) throw new AppError("NOT_FOUND", "That tenant does not exist.");
    const audited = await auditIfChanged(
      tx,
      changed.count,
      commandAudit({ ...input, tenantId: tenant.id }, "tenant.retest_interval_changed", ["tenant", tenant.id], {
        interval: input.interval,
      }),
    );
    return { name: tenant.name, changed: audited };
  });
}

// null: the connection follows its tenant's interval again.
export async function setConnectionRetestInterval(
  input: Input & { connectionId: string; interval: RetestInterval | null },
) {
  return getDb().$transaction(async (tx) => {
    const changed = await tx.connection.updateMany({
      where: {
        id: input.connectionId,
        OR:
          input.interval === null
            ? [{ retestInterval: { not: null } }]
            : [{ retestInterval: null }, { retestInterval: { not: input.interval } }],
      },
      data: { retestInterval: input.interval },
    });
    const connection = await tx.connection.findUnique({
      where: { id: input.connectionId },
      select: { id: true, name: true, tenantId: true },
    });
    if (!connection) throw new AppError("NOT_FOUND", "That connection does not exist.");
    const audited = await auditIfChanged(
      tx,
      changed.count,
      commandAudit(
        { ...input, tenantId: connection.tenantId },
        "connection.retest_interval_changed",
        ["connection", connection.id],
        { interval: input.interval ?? "tenant" },
      ),
    );
    return { name: connection.name, changed: audited };
  });
}
