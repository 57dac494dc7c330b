import "server-only";
import { EventEmitter } from "node:events";
import { Logger, parseCronItems, run, type Runner, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { enqueueDueRetests, RETEST_TASK, SCHEDULE_TASK } from "@/lib/jobs/retest-queue";
import { retestConnection } from "@/lib/jobs/retest-task";
import { NOTIFY_TASK, notifyConnectionEvents } from "@/lib/jobs/notify-task";
import { getDb } from "@/lib/db/client";
import { heldBootId } from "@/lib/db/boot-lock";
import { recordWorker, releaseDeadWorkers } from "@/lib/jobs/dead-workers";
import { setJobRunnerState } from "@/lib/jobs/runner-state";
import { deliverPending } from "@/lib/webhooks/deliver";
import { WEBHOOK_TASK, webhookJobKey } from "@/lib/webhooks/queue";
import { z } from "zod";
import { log } from "@/lib/log";

// The portal's background jobs: graphile-worker on the portal's own PostgreSQL (its tables live in the
// graphile_worker schema, which run() installs and migrates itself). Any number of workers may share the database:
// jobs are taken with SKIP LOCKED, new ones announced with LISTEN/NOTIFY, and the cron tick runs once per minute
// across all of them.

export type WorkerOptions = {
  connectionString: string;
  concurrency: number;
  pollIntervalMs?: number;
  // false: jobs only, no minute tick (tests that add their own jobs).
  schedule?: boolean;
  /** Webhook retries' first wait (30 s by default); tests shorten it. */
  webhookRetryBaseMs?: number;
};

const webhookPayload = z.object({ endpointId: z.uuid() });

// Only warnings and errors: a job's success is recorded as a test run already.
export const quietJobLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") log.warn({ component: "jobs" }, message);
});

export async function startWorker({
  connectionString,
  concurrency,
  pollIntervalMs = 2_000,
  schedule = true,
  webhookRetryBaseMs,
}: WorkerOptions): Promise<Runner> {
  // Its own pool, so a burst of jobs never waits for (or starves) the web requests' connections.
  const pgPool = new pg.Pool({ connectionString, max: concurrency + 2, connectionTimeoutMillis: 5_000 });
  pgPool.on("error", (error) => log.warn({ component: "jobs", err: error.message }, "database connection lost (idle)"));
  pgPool.on("connect", (client) =>
    client.on("error", (error) => log.warn({ component: "jobs", err: error.message }, "database connection lost")),
  );
  // Jobs a killed portal process left locked are free again before this worker looks for work.
  await releaseDeadWorkers(getDb()).catch(() => 0);
  // Each worker with this process's boot id, so that its jobs can be freed at once if the process dies (dead-workers.ts).
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked under the pool's id (graphile-worker's local queue) or a worker's: both are recorded.
  events.on("pool:create", ({ workerPool }) => void recordWorker(pgPool, workerPool.id, heldBootId()));
  events.on("worker:create", ({ worker }) => void recordWorker(pgPool, worker.workerId, heldBootId()));
  setJobRunnerState({ state: "starting" });
  const runner = await run({
    pgPool,
    events,
    concurrency,
    pollInterval: pollIntervalMs,
    noHandleSignals: true,
    logger: quietJobLogger,
    taskList: {
      [RETEST_TASK]: retestConnection,
      [SCHEDULE_TASK]: async (_payload, helpers) => {
        const added = await helpers.withPgClient((client) => enqueueDueRetests(client));
        if (added) helpers.logger.info(`${added} scheduled re-test(s) enqueued`);
      },
      [NOTIFY_TASK]: async () => {
        await notifyConnectionEvents(getDb());
      },
      // One endpoint's deliveries, in order (its own queue); it comes back at the next retry's time.
      [WEBHOOK_TASK]: async (payload, helpers) => {
        const { endpointId } = webhookPayload.parse(payload);
        const { next } = await deliverPending(getDb(), endpointId, { retryBaseMs: webhookRetryBaseMs });
        if (next)
          await helpers.addJob(
            WEBHOOK_TASK,
            { endpointId },
            { queueName: webhookJobKey(endpointId), jobKey: webhookJobKey(endpointId), runAt: next, maxAttempts: 10 },
          );
      },
    },
    // Every minute; a tick missed while no worker ran is not replayed: the next one finds the same due connections.
    parsedCronItems: parseCronItems(
      schedule
        ? [
            { task: SCHEDULE_TASK, match: "* * * * *", options: { backfillPeriod: 0 } },
            // Status changes and certificate reminders reach people within a minute (lib/jobs/notify-task.ts).
            { task: NOTIFY_TASK, match: "* * * * *", options: { backfillPeriod: 0 } },
          ]
        : [],
    ),
  }).catch((error: unknown) => {
    setJobRunnerState({
      state: "stopped",
      why: `the job runner did not start: ${error instanceof Error ? error.message : "error"}`,
    });
    throw error;
  });
  setJobRunnerState({ state: "running" });
  const endPool = () => pgPool.end().catch(() => undefined);
  void runner.promise.then(
    () => {
      setJobRunnerState({ state: "stopped", why: "the job runner has stopped" });
      return endPool();
    },
    (error: unknown) => {
      setJobRunnerState({
        state: "stopped",
        why: `the job runner failed: ${error instanceof Error ? error.message : "error"}`,
      });
      return endPool();
    },
  );
  return runner;
}
