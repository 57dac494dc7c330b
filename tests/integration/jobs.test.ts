import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection } from "../support/factories";

// Scheduled re-tests on graphile-worker: what the minute tick enqueues, two worker processes on one database never
// running one connection's re-tests at once, and the dead-letter list.

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const { enqueueDueRetests, queueName, RETEST_TASK } = await import("@/lib/jobs/retest-queue");
const { INTERVAL_SECONDS } = await import("@/lib/jobs/intervals");
const { PHASE_SQL, schedulePhase, slotStart } = await import("@/lib/jobs/schedule");
const { listDeadJobs, retryDeadJob, discardDeadJob } = await import("@/lib/jobs/dead-letter");

const root = path.resolve(import.meta.dirname, "../..");
const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const session = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});

beforeAll(async () => {
  await runMigrations({ connectionString: databaseUrl });
});

afterAll(async () => {
  await pool.end();
  await fake.close();
});

// A connection that passed once, last tested 3 days ago: due on any interval shorter than 7 days.
async function dueConnection(owner: Customer): Promise<string> {
  const { id } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
  await runTestForConnection({ user: session(owner), connectionId: id, ip: null });
  await getDb().connection.update({ where: { id }, data: { lastTestedAt: new Date(Date.now() - 3 * 86_400_000) } });
  return id;
}

async function jobsFor(ids: string[]) {
  const { rows } = await pool.query<{ queue: string; key: string | null }>(
    `SELECT queue_name AS queue, key FROM graphile_worker.jobs WHERE queue_name = ANY($1::text[])`,
    [ids.map(queueName)],
  );
  return rows;
}

// Other test files' connections share this database: leave no job behind for the worker processes below.
async function removeAllRetestJobs(): Promise<void> {
  await pool.query(
    `SELECT graphile_worker.complete_jobs(array_agg(id)) FROM graphile_worker.jobs WHERE task_identifier = $1`,
    [RETEST_TASK],
  );
}

describe("the minute tick", () => {
  it("enqueues each due connection once: passed before, interval not off, slot boundary passed since the last test", async () => {
    const owner = await makeCustomer(getDb());
    const quiet = await makeCustomer(getDb());
    await getDb().tenant.update({ where: { id: quiet.tenant.id }, data: { retestInterval: "off" } });
    const due = await dueConnection(owner);
    const weekly = await dueConnection(owner);
    // Tested just after its latest weekly slot boundary: not due before the next one.
    const afterBoundary = new Date(slotStart(weekly, INTERVAL_SECONDS.d7!, new Date()) * 1000 + 1);
    await getDb().connection.update({
      where: { id: weekly },
      data: { retestInterval: "d7", lastTestedAt: afterBoundary },
    });
    const switchedOff = await dueConnection(owner);
    await getDb().connection.update({ where: { id: switchedOff }, data: { retestInterval: "off" } });
    const tenantOff = await dueConnection(quiet);
    // The tenant is off, but support turned this one on: the connection's own interval wins.
    const overridden = await dueConnection(quiet);
    await getDb().connection.update({ where: { id: overridden }, data: { retestInterval: "h6" } });
    const justTested = await dueConnection(owner);
    await getDb().connection.update({ where: { id: justTested }, data: { lastTestedAt: new Date() } });
    const neverPassed = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    await getDb().connection.update({ where: { id: neverPassed }, data: { lastTestedAt: new Date(0) } });
    const all = [due, weekly, switchedOff, tenantOff, overridden, justTested, neverPassed];

    await enqueueDueRetests(pool);
    const first = await jobsFor(all);
    expect(first.map((j) => j.queue).sort()).toEqual([queueName(due), queueName(overridden)].sort());
    expect(first.map((j) => j.key).sort()).toEqual([`retest:${due}`, `retest:${overridden}`].sort());
    // The next tick finds the job already there.
    await enqueueDueRetests(pool);
    expect(await jobsFor(all)).toHaveLength(2);
    await removeAllRetestJobs();
  });

  it("computes the same phase in PostgreSQL as in the code", async () => {
    const { rows } = await pool.query<{ id: string; phase: string }>(
      `SELECT c.id::text, ${PHASE_SQL} AS phase FROM connections c LIMIT 50`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(Number(row.phase)).toBeCloseTo(schedulePhase(row.id), 12);
  });
});

type Line = { worker: string; event: string; connectionId?: string; at: number };

function startWorkerProcess(name: string): { child: ChildProcess; lines: Line[]; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ["--import=tsx", "--conditions=react-server", "tests/support/worker-child.ts", name],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines: Line[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker ${name} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (line.event === "ready") resolve();
    });
  });
  return { child, lines, ready };
}

describe("two worker processes on one database", () => {
  it("never run one connection's re-tests at the same time, and test each due connection once", async () => {
    await removeAllRetestJobs();
    const owner = await makeCustomer(getDb());
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) ids.push(await dueConnection(owner));
    // Slow Salesforce answers, so runs last long enough to overlap if anything let them.
    fake.setFault({ kind: "delay", ms: 120 }, "all");
    const workers = [startWorkerProcess("a"), startWorkerProcess("b")];
    try {
      await Promise.all(workers.map((w) => w.ready));
      // The tick's job for each, plus two duplicates in the same queue without a key: all available at once.
      await enqueueDueRetests(pool);
      for (const id of ids) {
        for (let n = 0; n < 2; n += 1)
          await pool.query(
            `SELECT graphile_worker.add_job($1, json_build_object('connectionId', $2::text), queue_name := $3)`,
            [RETEST_TASK, id, queueName(id)],
          );
      }
      const deadline = Date.now() + 45_000;
      while ((await jobsFor(ids)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await jobsFor(ids)).toEqual([]);
    } finally {
      fake.setFault(null);
      for (const w of workers) w.child.kill("SIGTERM");
    }
    const lines = workers.flatMap((w) => w.lines).filter((l) => l.connectionId && ids.includes(l.connectionId));
    expect(lines.filter((l) => l.event === "start")).toHaveLength(18);
    // Both processes took jobs.
    expect(new Set(lines.filter((l) => l.event === "start").map((l) => l.worker))).toEqual(new Set(["a", "b"]));
    for (const id of ids) {
      const events = lines
        .filter((l) => l.connectionId === id)
        .sort((x, y) => x.at - y.at || (x.event === "end" ? -1 : 1));
      let running = 0;
      for (const e of events) {
        running += e.event === "start" ? 1 : -1;
        expect(running, `connection ${id} had two jobs running at once`).toBeLessThanOrEqual(1);
      }
    }
    // One scheduled run per connection: the duplicates found it tested already and did nothing.
    const runs = await getDb().testRun.groupBy({
      by: ["connectionId"],
      where: { connectionId: { in: ids }, scheduled: true },
      _count: true,
    });
    expect(runs.map((r) => r._count)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

describe("the dead-letter list", () => {
  it("lists a job whose attempts are used up, with its error and connection, and lets staff retry or discard it", async () => {
    const owner = await makeCustomer(getDb());
    const id = await dueConnection(owner);
    // A payload the task refuses, with a single attempt: it fails for good on its first run.
    await pool.query(
      `SELECT graphile_worker.add_job($1, '{"connectionId": "not-a-uuid"}'::json, queue_name := $2, max_attempts := 1)`,
      [RETEST_TASK, queueName(id)],
    );
    const worker = startWorkerProcess("dead");
    try {
      await worker.ready;
      const deadline = Date.now() + 20_000;
      while (!(await listDeadJobs()).jobs.some((j) => j.connectionId === id) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      worker.child.kill("SIGTERM");
    }
    const dead = (await listDeadJobs()).jobs.find((j) => j.connectionId === id);
    expect(dead).toMatchObject({ task: RETEST_TASK, attempts: 1, tenantName: owner.tenant.name });
    expect(dead!.lastError).toMatch(/invalid payload/);
    expect(await retryDeadJob(BigInt(dead!.id))).toBe(true);
    expect((await listDeadJobs()).jobs.some((j) => j.id === dead!.id)).toBe(false);
    // Back to dead for the discard: same job, attempts used up again.
    await pool.query(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts WHERE id = $1`, [dead!.id]);
    expect(await discardDeadJob(BigInt(dead!.id))).toBe(true);
    expect(await jobsFor([id])).toEqual([]);
    expect(await discardDeadJob(BigInt(dead!.id))).toBe(false);
  });
});
