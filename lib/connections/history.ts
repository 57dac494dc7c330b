import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { HistoryRun } from "@/lib/connections/history-summary";

// How many runs a history strip shows.
const HISTORY_LENGTH = 30;

// The last 30 finished runs of each connection, oldest first, in ONE query (a lateral index walk per connection).
// Pass tenantId on customer pages: runs of another tenant's connection then match nothing.
export async function getRunHistories(
  connectionIds: readonly string[],
  { tenantId, db = getDb() }: { tenantId?: string; db?: Db } = {},
): Promise<Map<string, HistoryRun[]>> {
  const histories = new Map<string, HistoryRun[]>();
  const scope = tenantId ? Prisma.sql`AND r.tenant_id = ${tenantId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ connectionId: string; status: HistoryRun["status"]; finishedAt: Date }[]>`
    SELECT ids.id::text AS "connectionId", h.outcome::text AS status, h.finished_at AS "finishedAt"
    FROM unnest(${[...connectionIds]}::uuid[]) AS ids(id)
    CROSS JOIN LATERAL (
      SELECT r.outcome, COALESCE(r.finished_at, r.started_at) AS finished_at, r.started_at
      FROM test_runs r
      WHERE r.connection_id = ids.id AND r.outcome <> 'running' ${scope}
      ORDER BY r.started_at DESC
      LIMIT ${HISTORY_LENGTH}
    ) h
    ORDER BY ids.id, h.started_at`;
  for (const { connectionId, ...run } of rows) {
    const list = histories.get(connectionId) ?? [];
    list.push(run);
    histories.set(connectionId, list);
  }
  return histories;
}
