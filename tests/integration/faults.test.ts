import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeReadyConnection } from "../support/factories";
import { waitUntilBootGone } from "../support/boot-lock";

// Issue #9, faults: a portal killed with `kill -9` in the middle of a Test connection (this file), and PostgreSQL
// restarted under a running portal (faults-database.test.ts). What a user notices: the connection can be tested again
// at once, the killed run reads "interrupted" rather than "Running", and nothing else changed.
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { keepBootLock, heldBootId, releaseBootLock, BOOT_LOCK_GRACE_MS } = await import("@/lib/db/boot-lock");
const { expireInterruptedRuns, INTERRUPTED_AFTER_MS } = await import("@/lib/connections/interrupted-runs");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const { listTestRuns } = await import("@/lib/connections/queries");

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const runner = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});
const root = path.resolve(import.meta.dirname, "../..");

afterAll(async () => {
  await releaseBootLock();
  await fake.close();
});

// Starts a Test connection in a process of its own and kills it with SIGKILL while it waits for Salesforce.
async function killMidTest(connectionId: string, customer: Customer): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      // tsx as a loader, not its CLI: the CLI runs the script in a second process, which SIGKILL would not reach.
      "--import=tsx",
      "--conditions=react-server",
      "tests/support/test-run-child.ts",
      connectionId,
      JSON.stringify(runner(customer)),
    ],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  let runId = "";
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith("claimed ")) runId = line.slice("claimed ".length);
    if (line.startsWith("finished")) throw new Error(`the test finished before it could be killed: ${line}`);
    if (runId) break;
  }
  if (!runId) throw new Error("the child process exited before it claimed a run");
  // The run is claimed and the token request is on its way; the fake answers it only after 20 s.
  await new Promise((r) => setTimeout(r, 1_000));
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  const { bootId } = await getDb().testRun.findUniqueOrThrow({ where: { id: runId }, select: { bootId: true } });
  if (bootId) await waitUntilBootGone(getDb(), bootId);
  return runId;
}

// A Salesforce that takes 20 s to answer the token request holds the run long enough to kill its process.
async function killedRun(connectionId: string, customer: Customer): Promise<string> {
  fake.setFault({ kind: "delay", ms: 20_000 }, "token");
  try {
    return await killMidTest(connectionId, customer);
  } finally {
    fake.setFault(null);
  }
}

describe("kill -9 during a Test connection", () => {
  let owner: Customer;
  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    // Right after PostgreSQL starts, a missing boot lock proves nothing (faults-database.test.ts): wait that out.
    const [{ ms }] = await getDb().$queryRaw<[{ ms: number }]>`
      SELECT (extract(epoch FROM now() - pg_postmaster_start_time()) * 1000)::float8 AS ms`;
    await new Promise((r) => setTimeout(r, Math.max(0, BOOT_LOCK_GRACE_MS - ms + 100)));
  });

  it("expires the killed run at once, lets the connection be tested again, and changes nothing else", async () => {
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const before = await getDb().connection.findUniqueOrThrow({ where: { id: connectionId } });
    const killedRunId = await killedRun(connectionId, owner);

    const killed = () => getDb().testRun.findUniqueOrThrow({ where: { id: killedRunId } });
    expect((await killed()).outcome).toBe("running");
    // The next test, right away (no waiting for any age limit): the killed run is expired inside its claim.
    const next = await runTestForConnection({ user: runner(owner), connectionId, ip: null });
    expect(next.outcome).toBe("connected");
    expect(await killed()).toMatchObject({ outcome: "failed", errorCode: "interrupted", failedStep: null });
    expect((await killed()).finishedAt).not.toBeNull();

    // Nothing half-written: the killed run left no audit entry and did not touch the connection or its certificate.
    const audited = await getDb().auditEvent.count({ where: { action: "test.run", targetId: killedRunId } });
    expect(audited).toBe(0);
    const after = await getDb().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(after.lastTestRunId).toBe(next.id);
    expect(after.certificateExpiresAt).toEqual(before.certificateExpiresAt);
    expect(await getDb().testRun.count({ where: { connectionId } })).toBe(2);
  });

  it("expires a killed run on the next start, and the connection page never shows it running", async () => {
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const shownRunId = await killedRun(connectionId, owner);
    const [shown] = await listTestRuns(owner.tenant.id, connectionId);
    expect(shown).toMatchObject({ id: shownRunId, outcome: "failed", errorCode: "interrupted" });

    const startedRunId = await killedRun(connectionId, owner);
    // What instrumentation-node.ts does when a portal starts: every connection, no scope.
    expect(await expireInterruptedRuns(getDb())).toBeGreaterThanOrEqual(1);
    const started = await getDb().testRun.findUniqueOrThrow({ where: { id: startedRunId } });
    expect(started).toMatchObject({ outcome: "failed", errorCode: "interrupted" });
  });

  it("keeps the runs of a live portal, and expires a run without a boot id only past the longest possible test", async () => {
    expect(await keepBootLock(databaseUrl)).toBe(true);
    const row = async (bootId: string | null, ageMs: number) => {
      const { id: connectionId } = await makeConnection(getDb(), owner.tenant.id);
      const startedAt = new Date(Date.now() - ageMs);
      const data = { id: randomUUID(), connectionId, tenantId: owner.tenant.id, startedAt, bootId };
      return (await getDb().testRun.create({ data, select: { id: true } })).id;
    };
    const alive = await row(heldBootId(), 1_000);
    const dead = await row(randomUUID(), 1_000);
    const young = await row(null, 1_000);
    const old = await row(null, INTERRUPTED_AFTER_MS + 1_000);
    await expireInterruptedRuns(getDb());
    const outcome = async (id: string) =>
      (await getDb().testRun.findUniqueOrThrow({ where: { id }, select: { outcome: true } })).outcome;
    expect(await outcome(alive)).toBe("running");
    expect(await outcome(dead)).toBe("failed");
    expect(await outcome(young)).toBe("running");
    expect(await outcome(old)).toBe("failed");
  });
});
