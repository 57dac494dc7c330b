import "server-only";
import type { PoolClient } from "pg";
import { intervalSecondsSql, PHASE_SQL } from "@/lib/jobs/schedule";

// Which connections are due for a scheduled re-test, and their jobs. One SQL condition serves the scheduler's tick
// (which enqueues) and the job (which checks again before it runs: a manual test or "off" since then wins).

export const RETEST_TASK = "retest_connection";
export const SCHEDULE_TASK = "schedule_retests";
// Attempts before a job lands in the dead-letter view. graphile-worker backs off exp(attempt) seconds between them.
export const RETEST_MAX_ATTEMPTS = 5;
// How many jobs one tick adds at most: the rest wait for the next minute's tick.
const ENQUEUE_BATCH = 5_000;

// A connection is scheduled when it has passed once, its interval (its own, else its tenant's) is not off, a slot
// boundary has passed since its last test, and that test is older than half the interval (lib/jobs/schedule.ts).
const DUE = `c.last_success_at IS NOT NULL AND c.last_tested_at IS NOT NULL AND s.secs IS NOT NULL
  AND extract(epoch FROM c.last_tested_at) < floor((extract(epoch FROM now()) - s.phase * s.secs) / s.secs) * s.secs + s.phase * s.secs
  AND extract(epoch FROM c.last_tested_at) < extract(epoch FROM now()) - s.secs / 2`;
const SCHEDULED = `connections c JOIN tenants t ON t.id = c.tenant_id
  CROSS JOIN LATERAL (SELECT ${intervalSecondsSql("COALESCE(c.retest_interval, t.retest_interval)")} AS secs, ${PHASE_SQL} AS phase) s`;

// The job key keeps one job per connection whatever the state (queued, running or dead: a dead job waits for staff in
// the dead-letter view); the queue name makes graphile-worker run a connection's jobs one at a time on every worker.
export const jobKey = (connectionId: string) => `retest:${connectionId}`;
export const queueName = (connectionId: string) => `connection:${connectionId}`;

type Client = Pick<PoolClient, "query">;

export async function enqueueDueRetests(client: Client, limit = ENQUEUE_BATCH): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `WITH due AS (
       SELECT c.id FROM ${SCHEDULED}
       WHERE ${DUE} AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'retest:' || c.id::text)
       ORDER BY c.last_tested_at LIMIT $1
     )
     -- One add_jobs call for the batch: a call per row costs milliseconds each (20,000 due after an outage).
     SELECT count(*)::int AS n FROM graphile_worker.add_jobs((
       SELECT array_agg(ROW($2::text, json_build_object('connectionId', due.id), 'connection:' || due.id::text, NULL::timestamptz,
         $3::int, 'retest:' || due.id::text, NULL::int, NULL::text[])::graphile_worker.job_spec)
       FROM due))`,
    [limit, RETEST_TASK, RETEST_MAX_ATTEMPTS],
  );
  return rows[0]?.n ?? 0;
}

export async function isStillDue(client: Client, connectionId: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM ${SCHEDULED} WHERE c.id = $1::uuid AND ${DUE}`, [connectionId]);
  return rows.length > 0;
}
