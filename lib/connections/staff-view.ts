import "server-only";
import { hasPermission, type Role } from "@/lib/auth/permissions";
import { listConnectionActivity } from "@/lib/connections/activity";
import { getRunHistories } from "@/lib/connections/history";
import { getStaffConnectionDetail } from "@/lib/connections/queries";
import { FAILING_SINCE } from "@/lib/dashboard/sql";
import { getDb, type Db } from "@/lib/db/client";

const TENANT_USERS_LIMIT = 50;

// Everything the staff connection page reads: the connection (with its history and audit entries), the tenant's
// customers with their last sign-in, since when it fails, and its activity timeline. Only staff holding
// connections:read-all see it (the customer's own tenant is not enough: this lists the tenant's accounts); anyone
// else, like an unknown or malformed id, gets null (404).
export async function getStaffConnectionView(user: { role: Role }, id: string, db: Db = getDb()) {
  if (!hasPermission(user.role, "connections:read-all")) return null;
  const connection = await getStaffConnectionDetail(id, db);
  if (!connection) return null;
  const [users, failingSince, activity, histories] = await Promise.all([
    db.user.findMany({
      where: { tenantId: connection.tenantId, role: "customer" },
      orderBy: [{ lastSignInAt: { sort: "desc", nulls: "last" } }, { email: "asc" }],
      take: TENANT_USERS_LIMIT,
      select: { id: true, email: true, lastSignInAt: true, disabledAt: true },
    }),
    connection.status === "failed" ? failingSinceOf(db, connection.id) : null,
    listConnectionActivity(db, connection.id),
    getRunHistories([connection.id], { db }),
  ]);
  return { ...connection, users, failingSince, activity, history: histories.get(connection.id) ?? [] };
}

export type StaffConnectionView = NonNullable<Awaited<ReturnType<typeof getStaffConnectionView>>>;

// When it started failing: the dashboard's own FAILING_SINCE fragment, for this one connection.
async function failingSinceOf(db: Db, connectionId: string): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ since: Date | null }[]>`
    SELECT ${FAILING_SINCE} AS since FROM connections c WHERE c.id = ${connectionId}::uuid`;
  return row?.since ?? null;
}
