// A worker process for tests/integration/jobs.test.ts: graphile-worker as `npm run worker` runs it (boot lock, the
// portal's task list), without the minute tick. It prints one JSON line per job start and end, with the wall clock,
// so that the test can check that two processes never ran one connection's jobs at the same time.
// Usage: node --import=tsx --conditions=react-server tests/support/worker-child.ts <name>, with DATABASE_URL set
import { keepBootLock } from "@/lib/db/boot-lock";
import { startWorker } from "@/lib/jobs/worker";

const name = process.argv[2] ?? "worker";
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("worker-child: DATABASE_URL is required");
  process.exit(2);
}
await keepBootLock(url);
const runner = await startWorker({ connectionString: url, concurrency: 3, pollIntervalMs: 100, schedule: false });
const say = (event: string, payload: unknown) => {
  const connectionId = (payload as { connectionId?: string } | null)?.connectionId;
  process.stdout.write(`${JSON.stringify({ worker: name, event, connectionId, at: Date.now() })}\n`);
};
runner.events.on("job:start", ({ job }) => say("start", job.payload));
// Emitted when the task returns or throws, before the result is written: the job's queue is still locked then.
runner.events.on("job:success", ({ job }) => say("end", job.payload));
runner.events.on("job:error", ({ job }) => say("end", job.payload));
process.stdout.write(`${JSON.stringify({ worker: name, event: "ready", at: Date.now() })}\n`);
process.on("SIGTERM", () => void runner.stop().finally(() => process.exit(0)));
