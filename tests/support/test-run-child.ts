// A stand-in portal process for tests/integration/faults.test.ts: it takes its boot lock as a portal does at start,
// starts one Test connection and says when the run is claimed, so that the test can `kill -9` it mid-test.
// Usage: node --import=tsx --conditions=react-server tests/support/test-run-child.ts <connectionId> <runner as JSON>
import type { TestRunner } from "@/lib/connections/run-connection-test";
import { keepBootLock } from "@/lib/db/boot-lock";

const [connectionId, runner] = process.argv.slice(2);
if (!connectionId || !runner || !process.env.DATABASE_URL) {
  console.error("usage: test-run-child.ts <connectionId> <runner JSON>, with DATABASE_URL set");
  process.exit(2);
}
if (!(await keepBootLock(process.env.DATABASE_URL))) {
  console.error("test-run-child: could not take the boot lock");
  process.exit(1);
}
const { prepareTestRun } = await import("@/lib/connections/run-connection-test");
const run = await prepareTestRun({ user: JSON.parse(runner) as TestRunner, connectionId, ip: null });
process.stdout.write(`claimed ${run.runId}\n`);
const view = await run.execute();
process.stdout.write(`finished ${view.outcome}\n`);
process.exit(0);
