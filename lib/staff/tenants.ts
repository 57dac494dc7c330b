import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

export const TENANTS_PAGE_SIZE = 50;

type Actor = NonNullable<AuditActor>;

// Staff view across tenants: one query for the page, one count; the per-tenant counts come from Prisma's _count.
export async function listTenants(input: { search?: string; page: number }) {
  const db = getDb();
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [total, tenants] = await Promise.all([
    db.tenant.count({ where }),
    db.tenant.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * TENANTS_PAGE_SIZE,
      take: TENANTS_PAGE_SIZE,
      select: { id: true, name: true, createdAt: true, _count: { select: { users: true, connections: true } } },
    }),
  ]);
  return { total, tenants: tenants.map(({ _count, ...t }) => ({ ...t, userCount: _count.users, connectionCount: _count.connections })) };
}

export async function createTenant(input: { name: string; actor: Actor; ip: string | null }) {
  const db = getDb();
  const taken = await db.tenant.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken) throw new AppError("CONFLICT", `A tenant named "${input.name}" already exists. Open it from the list instead.`);
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.tenant.create({ data: { id, name: input.name }, select: { id: true } });
    await recordAudit(tx, { action: "tenant.created", actor: input.actor, tenantId: id, targetType: "tenant", targetId: id, ip: input.ip, details: { name: input.name } });
  });
  return { id };
}

export async function getTenantForStaff(id: string) {
  if (!isUuid(id)) return null;
  return getDb().tenant.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      createdAt: true,
      keyExportAllowed: true,
      _count: { select: { connections: true } },
      users: {
        orderBy: { email: "asc" },
        select: { id: true, email: true, role: true, disabledAt: true, lastSignInAt: true, createdAt: true },
      },
      invitations: {
        orderBy: { createdAt: "desc" },
        take: 20,
        select: { id: true, email: true, expiresAt: true, acceptedAt: true, createdAt: true },
      },
    },
  });
}

// Only customers of this tenant: a staff account or another tenant's user matches nothing (404).
// Disabling bumps session_version so every open session of the user fails its next request.
export async function setCustomerDisabled(input: { tenantId: string; userId: string; disabled: boolean; actor: Actor; ip: string | null }) {
  if (!isUuid(input.tenantId) || !isUuid(input.userId)) throw new AppError("NOT_FOUND", "This user does not exist in this tenant.");
  return getDb().$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id: input.userId, tenantId: input.tenantId, role: "customer", disabledAt: input.disabled ? null : { not: null } },
      data: input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    });
    const user = await tx.user.findFirst({ where: { id: input.userId, tenantId: input.tenantId, role: "customer" }, select: { id: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist in this tenant.");
    if (changed.count === 0) return { email: user.email, changed: false };
    await recordAudit(tx, {
      action: input.disabled ? "user.disabled" : "user.enabled",
      actor: input.actor,
      tenantId: input.tenantId,
      targetType: "user",
      targetId: user.id,
      ip: input.ip,
      details: { email: user.email },
    });
    return { email: user.email, changed: true };
  });
}

// "Customers may export the private key": callers check keys:export. Only a real change is written and audited.
export async function setKeyExportAllowed(input: { tenantId: string; allowed: boolean; actor: Actor; ip: string | null }) {
  if (!isUuid(input.tenantId)) throw new AppError("NOT_FOUND", "That tenant does not exist.");
  return getDb().$transaction(async (tx) => {
    const changed = await tx.tenant.updateMany({ where: { id: input.tenantId, keyExportAllowed: !input.allowed }, data: { keyExportAllowed: input.allowed } });
    const tenant = await tx.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, name: true } });
    if (!tenant) throw new AppError("NOT_FOUND", "That tenant does not exist.");
    if (changed.count === 0) return { name: tenant.name, changed: false };
    await recordAudit(tx, {
      action: "tenant.key_export_changed",
      actor: input.actor,
      tenantId: tenant.id,
      targetType: "tenant",
      targetId: tenant.id,
      ip: input.ip,
      details: { allowed: input.allowed },
    });
    return { name: tenant.name, changed: true };
  });
}
