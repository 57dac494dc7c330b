import "server-only";
import { bootGoneSql } from "@/lib/db/boot-lock";
import { Prisma } from "@/lib/db/generated/client";
import { RUN_TIMEOUT_MS } from "@/lib/salesforce/test-connection";

type SqlRunner = Pick<Prisma.TransactionClient, "$executeRaw">;

// No live test lasts longer: the Salesforce part is cut at RUN_TIMEOUT_MS, and 30 s cover the key decryption, the
// result write (whose pool connection times out after 5 s) and a loaded event loop. Older runs are dead whatever
// their process, so runs without a boot id (older rows, or a process that had lost its boot lock) end here.
export const INTERRUPTED_AFTER_MS = RUN_TIMEOUT_MS + 30_000;
const INTERRUPTED_SUMMARY = "The portal stopped before this test finished. Run the test again.";
// What an interrupted run reads: both ways of ending one below write exactly this.
const INTERRUPTED = Prisma.sql`outcome = 'failed', error_code = 'interrupted', summary = ${INTERRUPTED_SUMMARY}, finished_at = now()`;

/**
 * Marks "running" runs whose portal process is gone as failed with error code `interrupted`: at once when the
 * process's boot lock is no longer held (lib/db/boot-lock.ts; not in the first seconds after a PostgreSQL restart,
 * when live processes are still taking theirs again), else once they are older than INTERRUPTED_AFTER_MS.
 * Called at start-up (every connection), before each new test and before a connection page reads its runs, so a
 * killed portal neither blocks the next test nor leaves "Running" on a page. Returns how many runs it expired.
 */
export async function expireInterruptedRuns(
  db: SqlRunner,
  only?: { connectionId: string; tenantId?: string },
): Promise<number> {
  // On a customer's page the tenant scopes the write too: a guessed id of another tenant's connection matches nothing.
  const scope = only
    ? Prisma.sql`AND r.connection_id = ${only.connectionId}::uuid ${only.tenantId ? Prisma.sql`AND r.tenant_id = ${only.tenantId}::uuid` : Prisma.empty}`
    : Prisma.empty;
  const cutoff = new Date(Date.now() - INTERRUPTED_AFTER_MS);
  return db.$executeRaw`
    UPDATE test_runs r
    SET ${INTERRUPTED}
    WHERE r.outcome = 'running' ${scope}
      AND (r.started_at < ${cutoff} OR ${bootGoneSql(Prisma.sql`r.boot_id`)})`;
}

/**
 * Marks the given runs interrupted, as above: for a stopping process whose runs outlived its grace period
 * (lib/shutdown/drain.ts). Only runs still running; a run that finishes after all still records its real result.
 */
export async function markRunsInterrupted(db: SqlRunner, runIds: readonly string[]): Promise<number> {
  if (runIds.length === 0) return 0;
  return db.$executeRaw`
    UPDATE test_runs
    SET ${INTERRUPTED}
    WHERE outcome = 'running' AND id = ANY(${[...runIds]}::uuid[])`;
}
