import "server-only";
import { tenantScope, type Permission, type Role } from "@/lib/auth/permissions";
import { getDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { forTenant, isUuid } from "@/lib/db/tenant";

// The one loader for "the customer's own tenant, or staff holding the permission": test runs, certificate download,
// key export and collector files all reach rows through it. Anything else (another tenant's id, a malformed id, staff
// without the permission) is null: the caller answers 404.

type Reader = { role: Role; tenantId: string | null };

// The row by id, read through the tenant-scoped client for a customer (the tenant goes into the where) or the plain
// one for staff; null before any query when the reader may not see it at all or the id is malformed.
async function readVisible(
  user: Reader,
  permission: Permission,
  id: string,
  read: { scoped: (db: ReturnType<typeof forTenant>) => Promise<unknown>; unscoped: (db: Db) => Promise<unknown> },
): Promise<unknown> {
  const scope = tenantScope(user, permission);
  if (!scope || !isUuid(id)) return null;
  const db = getDb();
  return scope.tenantId ? read.scoped(forTenant(db, scope.tenantId)) : read.unscoped(db);
}

export async function findConnectionFor<S extends Prisma.ConnectionSelect>(
  user: Reader,
  permission: Permission,
  connectionId: string,
  select: S,
) {
  const args = { where: { id: connectionId }, select };
  const row = await readVisible(user, permission, connectionId, {
    scoped: (db) => db.connection.findFirst(args),
    unscoped: (db) => db.connection.findUnique(args),
  });
  return row as Prisma.ConnectionGetPayload<{ select: S }> | null;
}

export async function findCertificateFor<S extends Prisma.CertificateSelect>(
  user: Reader,
  permission: Permission,
  certificateId: string,
  select: S,
) {
  const args = { where: { id: certificateId }, select };
  const row = await readVisible(user, permission, certificateId, {
    scoped: (db) => db.certificate.findFirst(args),
    unscoped: (db) => db.certificate.findUnique(args),
  });
  return row as Prisma.CertificateGetPayload<{ select: S }> | null;
}
