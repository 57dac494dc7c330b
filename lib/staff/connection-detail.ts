import "server-only";
import { connectionFieldsSelect } from "@/lib/connections/queries";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";
import { getDb, type Db } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";

// One connection of any tenant, for staff: callers check `connections:read-all` first. Null means 404.

export const TEST_HISTORY_LIMIT = 25;
export const AUDIT_LIMIT = 50;

export async function getStaffConnectionDetail(id: string, db: Db = getDb()) {
  if (!isUuid(id)) return null;
  const connection = await db.connection.findUnique({
    where: { id },
    select: { ...connectionFieldsSelect, tenant: { select: { name: true } }, updatedAt: true },
  });
  if (!connection) return null;
  const [testRuns, auditEvents] = await Promise.all([
    db.testRun.findMany({
      where: { connectionId: id },
      orderBy: { startedAt: "desc" },
      take: TEST_HISTORY_LIMIT,
      select: testRunSelect,
    }).then((runs) => runs.map(toTestRunView)),
    listConnectionAudit(db, id),
  ]);
  return { ...connection, testRuns, auditEvents };
}

export type StaffConnectionDetail = NonNullable<Awaited<ReturnType<typeof getStaffConnectionDetail>>>;
export type ConnectionAuditEvent = Awaited<ReturnType<typeof listConnectionAudit>>[number];

// Entries about the connection itself and about its certificates and runs (which name it in details.connectionId).
// Raw SQL so that both halves of the OR use an index (target_id, and the expression index on details->>'connectionId').
async function listConnectionAudit(db: Db, connectionId: string) {
  const rows = await db.$queryRaw<
    { id: bigint; createdAt: Date; action: string; actorEmail: string | null; targetType: string | null; targetId: string | null; ip: string | null; details: unknown }[]
  >`
    SELECT id, created_at AS "createdAt", action, actor_email AS "actorEmail", target_type AS "targetType", target_id AS "targetId", ip, details
    FROM audit_events
    WHERE target_id = ${connectionId} OR details->>'connectionId' = ${connectionId}
    ORDER BY created_at DESC, id DESC
    LIMIT ${AUDIT_LIMIT}`;
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
