import "server-only";
import { markRunsInterrupted } from "@/lib/connections/interrupted-runs";
import { releaseBootLock } from "@/lib/db/boot-lock";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { errorText, log } from "@/lib/log";
import { runningRunIds, waitForRuns } from "@/lib/shutdown/in-flight-runs";

export type DrainResult = { waited: number; interrupted: number };

/**
 * The stop of a portal process (web: scripts/server.mjs once its listener is closed; jobs: scripts/worker-process.ts):
 * waits up to PORTAL_SHUTDOWN_GRACE_MS for the running Test connection runs, records those still going as
 * interrupted (this process knows they will not finish), then closes the Prisma pool and releases the boot lock.
 * `alsoWaitFor`: other work to let end first, for at most 3 s more (the job runner's stop).
 */
export async function drainProcess(component: string, alsoWaitFor?: Promise<unknown>): Promise<DrainResult> {
  const graceMs = getEnv().PORTAL_SHUTDOWN_GRACE_MS;
  const waited = runningRunIds().length;
  log.info({ component, runs: waited, graceMs }, `${waited} test runs still running; waiting for them`);
  const left = await waitForRuns(graceMs);
  let interrupted = 0;
  if (left.length) {
    try {
      interrupted = await markRunsInterrupted(getDb(), left);
      log.warn(
        { component, runs: interrupted },
        `${interrupted} test runs did not finish in time: recorded as interrupted`,
      );
    } catch (error) {
      // The boot lock still goes below, so other processes mark them interrupted at once anyway.
      log.warn({ component, err: errorText(error) }, "could not record the unfinished test runs as interrupted");
    }
  }
  // Other work still using the pool (the jobs process's short jobs): a few seconds, not a second grace period.
  if (alsoWaitFor) await Promise.race([alsoWaitFor, new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
  await getDb()
    .$disconnect()
    .catch((error: unknown) => log.warn({ component, err: errorText(error) }, "closing the database pool failed"));
  await releaseBootLock();
  return { waited, interrupted };
}

/** For scripts/server.mjs, which is plain JavaScript outside Next's module graph: set by instrumentation-node.ts. */
export function exposeDrain(): void {
  (globalThis as unknown as { portalDrain?: () => Promise<DrainResult> }).portalDrain = () => drainProcess("web");
}
