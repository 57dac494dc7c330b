// PORTAL_ROLE=worker (`npm run worker`): background jobs only, no web server, in the process npm start prepared
// (database, migrations, secrets). Web instances then run with PORTAL_ROLE=web on the same database.
import { keepBootLock } from "@/lib/db/boot-lock";
import { getEnv } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { drainProcess } from "@/lib/shutdown/drain";

export async function runWorkerOnly(env: NodeJS.ProcessEnv, stop: (code: number) => Promise<never>): Promise<void> {
  Object.assign(process.env, env);
  const { DATABASE_URL, PORTAL_WORKER_CONCURRENCY } = getEnv();
  // Runs started here carry this process's boot id, so a killed worker's runs read "interrupted" at once.
  await keepBootLock(DATABASE_URL);
  const runner = await startWorker({ connectionString: DATABASE_URL, concurrency: PORTAL_WORKER_CONCURRENCY });
  log.info({ component: "jobs", concurrency: PORTAL_WORKER_CONCURRENCY }, "worker running; Ctrl-C stops it");
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ component: "jobs", signal }, "draining: no new jobs; waiting for the running ones");
    // graphile-worker takes no new job and waits for the running ones; their Test connection runs are waited for up
    // to PORTAL_SHUTDOWN_GRACE_MS (lib/shutdown/drain.ts), then recorded interrupted, so no job holds the stop longer.
    const runnerStopped = runner.stop().catch(() => undefined);
    void drainProcess("jobs", runnerStopped)
      .then(({ waited, interrupted }) => log.info({ component: "jobs", waited, interrupted }, "stopped"))
      .catch(() => undefined)
      .then(() => stop(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
