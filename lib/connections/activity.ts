import "server-only";
import { mergeActivity, type ActivityAudit, type ActivityItem } from "@/lib/connections/activity-words";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";
import type { Db } from "@/lib/db/client";

export const ACTIVITY_LIMIT = 50;

// The connection's timeline in two queries: its newest runs and its newest audit entries other than "test.run" (the
// run itself says more), each bounded by the limit so that the newest `limit` of the merge are exact. Callers check
// access to the connection first.
export async function listConnectionActivity(db: Db, connectionId: string): Promise<ActivityItem[]> {
  const [runs, audit] = await Promise.all([
    db.testRun.findMany({
      where: { connectionId },
      orderBy: { startedAt: "desc" },
      take: ACTIVITY_LIMIT,
      select: testRunSelect,
    }),
    db.$queryRaw<(Omit<ActivityAudit, "id"> & { id: bigint })[]>`
      SELECT id, created_at AS "createdAt", action, actor_email AS "actorEmail", details
      FROM audit_events
      WHERE (target_id = ${connectionId} OR details->>'connectionId' = ${connectionId}) AND action <> 'test.run'
      ORDER BY created_at DESC, id DESC
      LIMIT ${ACTIVITY_LIMIT}`,
  ]);
  const views = runs.map((run) => ({ ...toTestRunView(run), startedAt: run.startedAt }));
  return mergeActivity(
    views,
    audit.map((row) => ({ ...row, id: row.id.toString() })),
    ACTIVITY_LIMIT,
  );
}
