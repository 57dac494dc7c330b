import "server-only";
import { tenantScope, type Permission, type Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { forTenant, isUuid } from "@/lib/db/tenant";

// The one loader for "the customer's own tenant, or staff holding the permission": test runs, certificate download,
// key export and collector files all reach rows through it. Anything else (another tenant's id, a malformed id, staff
// without the permission) is null: the caller answers 404.

type Reader = { role: Role; tenantId: string | null };

export async function findConnectionFor<S extends Prisma.ConnectionSelect>(
  user: Reader,
  permission: Permission,
  connectionId: string,
  select: S,
) {
  const scope = tenantScope(user, permission);
  if (!scope || !isUuid(connectionId)) return null;
  const db = getDb();
  const row = scope.tenantId
    ? await forTenant(db, scope.tenantId).connection.findFirst({ where: { id: connectionId }, select })
    : await db.connection.findUnique({ where: { id: connectionId }, select });
  return row as Prisma.ConnectionGetPayload<{ select: S }> | null;
}

export async function findCertificateFor<S extends Prisma.CertificateSelect>(
  user: Reader,
  permission: Permission,
  certificateId: string,
  select: S,
) {
  const scope = tenantScope(user, permission);
  if (!scope || !isUuid(certificateId)) return null;
  const db = getDb();
  const row = scope.tenantId
    ? await forTenant(db, scope.tenantId).certificate.findFirst({ where: { id: certificateId }, select })
    : await db.certificate.findUnique({ where: { id: certificateId }, select });
  return row as Prisma.CertificateGetPayload<{ select: S }> | null;
}
