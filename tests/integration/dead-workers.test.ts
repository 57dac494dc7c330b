import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { createInterface } from "node:readline";
import { runMigrations, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// A worker process killed with `kill -9` in the middle of a job: graphile-worker alone would leave the job (and its
// queue) locked for 4 hours. The portal records each worker's boot id, sees the process's boot lock gone and unlocks
// its jobs at the next tick, so the webhook is sent again within a minute, by another worker.
process.env.PORTAL_WEBHOOK_ALLOW_PRIVATE = "1";
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { startWorker } = await import("@/lib/jobs/worker");
const { releaseDeadWorkers } = await import("@/lib/jobs/dead-workers");
const { createWebhookEndpoint, sendTestEvent } = await import("@/lib/webhooks/endpoints");

const root = path.resolve(import.meta.dirname, "../..");
let endpointId: string | null = null;

beforeAll(async () => {
  await runMigrations({ connectionString: databaseUrl });
});
afterAll(async () => {
  if (endpointId) {
    await getDb().webhookEndpoint.delete({ where: { id: endpointId } });
    await getDb().$executeRaw`SELECT graphile_worker.remove_job(${`webhook:${endpointId}`})`;
  }
  delete process.env.PORTAL_WEBHOOK_ALLOW_PRIVATE;
});

describe("a worker killed mid-job", () => {
  it("has its job unlocked at the next tick and finished by another worker, not 4 hours later", async () => {
    // The receiver holds the first request open (the killed worker's); later ones get a 200.
    const seen: string[] = [];
    const receiver = http.createServer((req, res) => {
      seen.push(String(req.headers["x-portal-delivery"]));
      if (seen.length > 1) res.end("ok");
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const { port } = receiver.address() as { port: number };
    const owner = await makeCustomer(getDb());
    const endpoint = await createWebhookEndpoint(getDb(), {
      tenantId: owner.tenant.id,
      url: `http://127.0.0.1:${port}/hook`,
      description: "",
      eventTypes: ["connection.failed"],
      actor: { id: null, email: "admin@portal.test" },
      ip: null,
    });
    endpointId = endpoint.id;

    const child = spawn(
      process.execPath,
      ["--import=tsx", "--conditions=react-server", "tests/support/worker-child.ts", "doomed"],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line.includes('"ready"')) resolve();
      });
    });
    await sendTestEvent(getDb(), {
      endpointId: endpoint.id,
      actor: { id: null, email: "admin@portal.test" },
      ip: null,
    });
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(1);
    const locked = async () =>
      (
        await getDb().$queryRaw<{ locked_by: string | null }[]>`
          SELECT locked_by FROM graphile_worker.jobs WHERE key = ${`webhook:${endpoint.id}`}`
      )[0]?.locked_by ?? null;
    const lockedBy = await locked();
    expect(lockedBy).toMatch(/^(pool|worker)-/);
    // The worker is on record with the child's boot id.
    expect(await getDb().jobWorker.count({ where: { workerId: lockedBy! } })).toBe(1);

    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    // The child's boot lock goes with its connections; then the tick's release unlocks the job.
    await expect.poll(() => releaseDeadWorkers(getDb()), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await locked()).toBeNull();
    expect(await getDb().jobWorker.count({ where: { workerId: lockedBy! } })).toBe(0);

    let worker: Runner | null = null;
    try {
      worker = await startWorker({
        connectionString: databaseUrl,
        concurrency: 1,
        pollIntervalMs: 100,
        schedule: false,
      });
      await expect
        .poll(async () => (await getDb().webhookDelivery.findFirst({ where: { endpointId: endpoint.id } }))?.state, {
          timeout: 20_000,
        })
        .toBe("delivered");
    } finally {
      await worker?.stop();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    // The same delivery, sent again: the killed attempt left no attempt row (it never finished), the second a 200.
    expect(new Set(seen).size).toBe(1);
    const delivery = await getDb().webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
      include: { attemptLog: true },
    });
    expect(delivery.attemptLog.map((a) => a.status)).toEqual([200]);
  });
});
