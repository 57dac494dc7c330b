import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";

// Issue #9, faults: PostgreSQL restarted under a running portal. Requests fail fast with a 503 and a reference (no hang,
// no stack, no crash from the pool's dead idle connections), and the same client serves again within 5 s of
// PostgreSQL's return, without a restart. A cluster of its own, since this test stops it.
setupTestEnvironment();
const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
const { migrate } = await import("@/lib/db/migrate");
const { createDb } = await import("@/lib/db/client");
const { keepBootLock, heldBootId, releaseBootLock, BOOT_LOCK_GRACE_MS } = await import("@/lib/db/boot-lock");
const { expireInterruptedRuns } = await import("@/lib/connections/interrupted-runs");
const { toProblem } = await import("@/lib/http");

const dataDir = path.join(os.tmpdir(), `portal-faults-${randomBytes(6).toString("hex")}`);
const port = 20000 + Math.floor(Math.random() * 20000);
let cluster = await startEmbeddedPostgres({ dataDir, port });
await migrate(cluster.url);
const db = createDb(cluster.url);
const crashes: unknown[] = [];
const onCrash = (error: unknown) => crashes.push(error);
process.on("uncaughtException", onCrash);

afterAll(async () => {
  process.off("uncaughtException", onCrash);
  await releaseBootLock();
  await db.$disconnect();
  await cluster.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const elapsed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t0 = Date.now();
  const value = await work();
  return [Date.now() - t0, value];
};
const failure = (work: () => Promise<unknown>) =>
  work().then(
    () => null,
    (error: unknown) => error,
  );
const until = async (ok: () => boolean | Promise<boolean>, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe("PostgreSQL restarted while the portal runs", () => {
  it("fails requests cleanly during the restart and serves again within 5 s after it", async () => {
    // Several pooled connections, idle when the server goes away (each then emits 'error' on the pool).
    await Promise.all(Array.from({ length: 5 }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
    expect(await keepBootLock(cluster.url)).toBe(true);
    const inFlight = failure(() => elapsed(() => db.$executeRaw`SELECT pg_sleep(30)`));
    await new Promise((r) => setTimeout(r, 200));
    await cluster.stop();

    const [cutAfter, cut] = await elapsed(() => inFlight);
    expect(cut).not.toBeNull();
    expect(cutAfter).toBeLessThan(5_000);
    const [failedAfter, error] = await elapsed(() => failure(() => db.tenant.count()));
    expect(failedAfter).toBeLessThan(6_000);
    const problem = toProblem(error, "request");
    expect(problem).toMatchObject({ status: 503, code: "UNAVAILABLE", headers: { "Retry-After": "5" } });
    expect(problem.message).toMatch(/reference [0-9a-f-]{36}/);
    expect(problem.message).not.toMatch(/127\.0\.0\.1|ECONN|prisma|postgres|\bat\s/i);
    // The boot lock went with its connection: runs started now carry no boot id, and expire by age only.
    expect(await until(() => heldBootId() === null, 3_000)).toBe(true);

    cluster = await startEmbeddedPostgres({ dataDir, port });
    const [recoveredAfter] = await elapsed(() =>
      until(
        () =>
          db.tenant.count().then(
            () => true,
            () => false,
          ),
        5_000,
      ),
    );
    expect(recoveredAfter).toBeLessThanOrEqual(5_000);
    expect(await db.tenant.count()).toBeGreaterThanOrEqual(0);
    expect(await until(() => heldBootId() !== null, 5_000)).toBe(true);
    expect(crashes).toEqual([]);
  });

  it("does not take a live portal's run for interrupted while portals re-take their boot locks after the restart", async () => {
    // Any boot id but this process's: a portal that has not re-taken its lock yet looks exactly like a dead one.
    const tenant = await db.tenant.create({
      data: { id: randomUUID(), name: `Faults ${randomBytes(4).toString("hex")}` },
    });
    const connection = await db.connection.create({
      data: { id: randomUUID(), tenantId: tenant.id, name: "Restarted" },
    });
    const run = await db.testRun.create({
      data: { id: randomUUID(), connectionId: connection.id, tenantId: tenant.id, bootId: randomUUID() },
    });
    // PostgreSQL came back moments ago (the test above): the lock rule waits, the age rule alone applies.
    expect(await expireInterruptedRuns(db)).toBe(0);
    await new Promise((r) => setTimeout(r, BOOT_LOCK_GRACE_MS));
    expect(await expireInterruptedRuns(db)).toBe(1);
    const after = await db.testRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after).toMatchObject({ outcome: "failed", errorCode: "interrupted" });
  });
});
