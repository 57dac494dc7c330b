import "server-only";
import type { AuditEntry } from "@/lib/audit/queries";
import { salesforceFieldsSelect } from "@/lib/connections/schemas";
import { getDb, type Db } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { expireInterruptedRuns } from "@/lib/connections/interrupted-runs";
import { destroyRetiredKeys } from "@/lib/connections/retired-keys";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";

export const certificateSummarySelect = {
  id: true,
  subject: true,
  subjectText: true,
  serialHex: true,
  fingerprintSha256: true,
  keySize: true,
  notBefore: true,
  notAfter: true,
  createdAt: true,
} as const;

// What a connection page shows of a connection, for customers and staff alike.
const connectionFieldsSelect = {
  id: true,
  name: true,
  tenantId: true,
  ...salesforceFieldsSelect,
  orgInstanceUrl: true,
  tokenHost: true,
  audience: true,
  status: true,
  lastTestedAt: true,
  certificateExpiresAt: true,
  createdAt: true,
  // The PEM is public material; the page needs it to tell whether it fits Salesforce's 4 KB upload limit.
  // Newest first; which one is in use is its status (lib/connections/certificate-states.ts splits them).
  certificates: {
    orderBy: { createdAt: "desc" },
    select: { ...certificateSummarySelect, certificatePem: true, status: true, retiredAt: true, keyDestroyedAt: true },
  },
} as const;

export async function listConnections(tenantId: string) {
  return forTenant(getDb(), tenantId).connection.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      lastTestedAt: true,
      certificateExpiresAt: true,
      instanceUrl: true,
      createdAt: true,
    },
  });
}

export async function getConnection(tenantId: string, id: string) {
  if (!isUuid(id)) return null;
  // Retired keys past their 7 days go before the page shows the certificates.
  await destroyRetiredKeys(getDb(), { connectionId: id, tenantId });
  return forTenant(getDb(), tenantId).connection.findFirst({
    where: { id },
    select: { ...connectionFieldsSelect, checklist: true, tenant: { select: { name: true } } },
  });
}

// When the connection first connected: the collector reads event logs from then on (the customer's end state).
export async function firstConnectedAt(tenantId: string, connectionId: string): Promise<Date | null> {
  if (!isUuid(connectionId)) return null;
  const run = await forTenant(getDb(), tenantId).testRun.findFirst({
    where: { connectionId, outcome: { in: ["connected", "warnings"] } },
    orderBy: { startedAt: "asc" },
    select: { finishedAt: true, startedAt: true },
  });
  return run ? (run.finishedAt ?? run.startedAt) : null;
}

// The customer's view of the runs: provider-side fixes are replaced by "this is on our side".
export async function listTestRuns(tenantId: string, connectionId: string, take = 10) {
  if (!isUuid(connectionId)) return [];
  // A run whose portal was killed reads "interrupted" here, not "Running" forever.
  await expireInterruptedRuns(getDb(), { connectionId, tenantId });
  const runs = await forTenant(getDb(), tenantId).testRun.findMany({
    where: { connectionId },
    orderBy: { startedAt: "desc" },
    take,
    select: testRunSelect,
  });
  return runs.map((run) => toTestRunView(run, "customer"));
}

// One connection of any tenant, for staff: callers check `connections:read-all` first. Null means 404.

export const TEST_HISTORY_LIMIT = 25;
export const AUDIT_LIMIT = 50;

export async function getStaffConnectionDetail(id: string, db: Db = getDb()) {
  if (!isUuid(id)) return null;
  // Retired keys past their 7 days go before the page shows the certificates (a no-op for an unknown id).
  await destroyRetiredKeys(db, { connectionId: id });
  const connection = await db.connection.findUnique({
    where: { id },
    select: {
      ...connectionFieldsSelect,
      checklist: true,
      tenant: { select: { name: true, retestInterval: true } },
      updatedAt: true,
      retestInterval: true,
      lastSuccessAt: true,
    },
  });
  if (!connection) return null;
  await expireInterruptedRuns(db, { connectionId: id });
  const [testRuns, auditEvents] = await Promise.all([
    db.testRun
      .findMany({
        where: { connectionId: id },
        orderBy: { startedAt: "desc" },
        take: TEST_HISTORY_LIMIT,
        select: testRunSelect,
      })
      .then((runs) => runs.map((run) => toTestRunView(run, "staff"))),
    listConnectionAudit(db, id),
  ]);
  return { ...connection, testRuns, auditEvents };
}

// Entries about the connection itself and about its certificates and runs (which name it in details.connectionId).
// Raw SQL so that both halves of the OR use an index (target_id, and the expression index on details->>'connectionId').
async function listConnectionAudit(db: Db, connectionId: string) {
  const rows = await db.$queryRaw<(Omit<AuditEntry, "id"> & { id: bigint })[]>`
    SELECT id, created_at AS "createdAt", action, actor_email AS "actorEmail", target_type AS "targetType", target_id AS "targetId", ip, details
    FROM audit_events
    WHERE target_id = ${connectionId} OR details->>'connectionId' = ${connectionId}
    ORDER BY created_at DESC, id DESC
    LIMIT ${AUDIT_LIMIT}`;
  return rows.map((row): AuditEntry => ({ ...row, id: row.id.toString() }));
}
