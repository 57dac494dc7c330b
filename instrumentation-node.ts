import { EnvError, getEnv } from "@/lib/env";
import { errorText, log } from "@/lib/log";

export async function startNodeServer(): Promise<void> {
  // A bad configuration stops the server here, naming the variable, even when it is started without scripts/start.ts.
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    log.fatal({ component: "env" }, error.message);
    process.exit(1);
  }
  await expireRunsOfStoppedPortals();
  // scripts/server.mjs calls it on SIGTERM: wait for running tests, then close the pool and the boot lock.
  const { exposeDrain } = await import("@/lib/shutdown/drain");
  exposeDrain();
  void destroyExpiredRetiredKeys();
  // Pre-generated keys, so a customer's certificate does not wait for RSA prime search.
  const { startKeyPoolRefill } = await import("@/lib/crypto/key-pool-refill");
  startKeyPoolRefill();
  // Background jobs (scheduled re-tests) in this process unless web and worker instances are split (PORTAL_ROLE).
  if (getEnv().PORTAL_ROLE === "all") await startJobs();
}

// A worker that cannot start (the database is down) must not stop the portal: it is retried every 30 s.
async function startJobs(): Promise<void> {
  const { startWorker } = await import("@/lib/jobs/worker");
  const { DATABASE_URL, PORTAL_WORKER_CONCURRENCY } = getEnv();
  try {
    await startWorker({ connectionString: DATABASE_URL, concurrency: PORTAL_WORKER_CONCURRENCY });
  } catch (error) {
    log.warn({ component: "jobs", err: errorText(error) }, "background jobs did not start; retrying in 30 s");
    setTimeout(() => void startJobs(), 30_000).unref();
  }
}

// This process's boot lock, then the runs earlier processes left "running" (lib/connections/interrupted-runs.ts).
// Neither may stop the start: with the database down the portal still starts, and answers 503 until it is back.
async function expireRunsOfStoppedPortals(): Promise<void> {
  const { keepBootLock } = await import("@/lib/db/boot-lock");
  if (!(await keepBootLock(getEnv().DATABASE_URL)))
    log.warn({ component: "db" }, "the database is not reachable yet: the boot lock will be taken when it is");
  const { getDb } = await import("@/lib/db/client");
  const { expireInterruptedRuns } = await import("@/lib/connections/interrupted-runs");
  void expireInterruptedRuns(getDb()).then(
    (expired) => {
      if (expired) log.info({ expired }, "test runs left running by a stopped portal marked interrupted");
    },
    (error: unknown) => log.warn({ err: errorText(error) }, "could not check for interrupted runs"),
  );
}

// Retired certificates' keys past their 7 days of rollback (lib/connections/retired-keys.ts); pages and tests also
// destroy them per connection, so a portal that never restarts still does. Never stops the start.
async function destroyExpiredRetiredKeys(): Promise<void> {
  try {
    const { getDb } = await import("@/lib/db/client");
    const { destroyRetiredKeys } = await import("@/lib/connections/retired-keys");
    const destroyed = await destroyRetiredKeys(getDb());
    if (destroyed) log.info({ destroyed }, "retired private keys past their 7 days destroyed");
  } catch (error) {
    log.warn({ err: errorText(error) }, "could not destroy expired retired keys");
  }
}
