import "server-only";
import type { AuditFilters } from "@/lib/audit/schemas";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { isUuid } from "@/lib/db/tenant";

export const AUDIT_PAGE_SIZE = 50;

// An audit entry as the audit tables show it (the id is a bigint in the database).
export type AuditEntry = {
  id: string;
  createdAt: Date;
  action: string;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: unknown;
};

// Keyset pagination on the id (newest first): a deep page costs the same as the first one.
export async function searchAuditLog(filters: AuditFilters) {
  const db = getDb();
  const where: Prisma.AuditEventWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.actor) where.actorEmail = { contains: filters.actor.toLowerCase(), mode: "insensitive" };
  if (filters.from || filters.to) {
    where.createdAt = {
      ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) } : {}),
    };
  }
  if (filters.tenant) {
    const tenants = isUuid(filters.tenant)
      ? [{ id: filters.tenant }]
      : await db.tenant.findMany({
          where: { name: { contains: filters.tenant, mode: "insensitive" } },
          select: { id: true },
          take: 200,
        });
    where.tenantId = { in: tenants.map((t) => t.id) };
  }
  if (filters.before) where.id = { lt: BigInt(filters.before) };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take: AUDIT_PAGE_SIZE + 1,
    select: {
      id: true,
      createdAt: true,
      action: true,
      actorEmail: true,
      tenantId: true,
      targetType: true,
      targetId: true,
      ip: true,
      details: true,
    },
  });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const tenantIds = [...new Set(page.flatMap((r) => (r.tenantId ? [r.tenantId] : [])))];
  const names = tenantIds.length
    ? await db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } })
    : [];
  const tenantName = new Map(names.map((t) => [t.id, t.name]));
  return {
    entries: page.map((r) => ({
      ...r,
      id: r.id.toString(),
      tenantName: r.tenantId ? (tenantName.get(r.tenantId) ?? null) : null,
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id.toString() : null,
  };
}
