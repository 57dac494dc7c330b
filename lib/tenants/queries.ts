import "server-only";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";

export const TENANTS_PAGE_SIZE = 50;

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
  return {
    total,
    tenants: tenants.map(({ _count, ...t }) => ({
      ...t,
      userCount: _count.users,
      connectionCount: _count.connections,
    })),
  };
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
      retestInterval: true,
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
