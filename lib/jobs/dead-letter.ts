import "server-only";
import { getDb, type Db } from "@/lib/db/client";

// Jobs that used up their attempts: graphile-worker keeps them (attempts = max_attempts) with their last error, and
// the job key keeps the connection's schedule from adding another until staff retry or discard it.

export type DeadJob = {
  id: string;
  task: string;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
  connectionId: string | null;
  connectionName: string | null;
  tenantName: string | null;
};

export const DEAD_JOBS_SHOWN = 100;

export async function listDeadJobs(db: Db = getDb()): Promise<{ jobs: DeadJob[]; total: number }> {
  if (!(await hasJobSchema(db))) return { jobs: [], total: 0 };
  const [jobs, counted] = await Promise.all([
    db.$queryRaw<DeadJob[]>`
      SELECT j.id::text, j.task_identifier AS task, j.attempts::int, j.last_error AS "lastError", j.updated_at AS "failedAt",
             c.id::text AS "connectionId", c.name AS "connectionName", t.name AS "tenantName"
      FROM graphile_worker.jobs j
      LEFT JOIN connections c ON j.queue_name LIKE 'connection:%' AND c.id::text = substring(j.queue_name FROM 12)
      LEFT JOIN tenants t ON t.id = c.tenant_id
      WHERE j.attempts >= j.max_attempts AND j.locked_at IS NULL
      ORDER BY j.updated_at DESC, j.id DESC
      LIMIT ${DEAD_JOBS_SHOWN}`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs j WHERE j.attempts >= j.max_attempts AND j.locked_at IS NULL`,
  ]);
  return { jobs, total: counted[0]?.n ?? 0 };
}

// Retry: a fresh set of attempts, now. Only a dead job matches; false when it is gone or was retried already.
export async function retryDeadJob(id: bigint, db: Db = getDb()): Promise<boolean> {
  if (!(await hasJobSchema(db))) return false;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT graphile_worker.reschedule_jobs(ARRAY[j.id], run_at := now(), attempts := 0)
    FROM graphile_worker.jobs j WHERE j.id = ${id} AND j.attempts >= j.max_attempts AND j.locked_at IS NULL`;
  return rows.length === 1;
}

// Discard: the job is deleted, and the connection's schedule resumes at its next slot.
export async function discardDeadJob(id: bigint, db: Db = getDb()): Promise<boolean> {
  if (!(await hasJobSchema(db))) return false;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT graphile_worker.complete_jobs(ARRAY[j.id])
    FROM graphile_worker.jobs j WHERE j.id = ${id} AND j.attempts >= j.max_attempts AND j.locked_at IS NULL`;
  return rows.length === 1;
}

// graphile-worker installs its schema when a worker first starts (or `npm run db:migrate`): before that, no jobs.
export async function hasJobSchema(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ present: boolean }[]>`
    SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS present`;
  return rows[0]?.present === true;
}
