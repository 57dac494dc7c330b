import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { runMigrations } from "graphile-worker";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";

// /api/health/ready's checks, each made to fail on its own: a 503 must name the one that failed.
const databaseUrl = setupTestEnvironment();
const { createDb, getDb } = await import("@/lib/db/client");
const { checkReadiness } = await import("@/lib/health/readiness");
const { parseMasterKey, seal } = await import("@/lib/crypto/envelope");
const { startWorker } = await import("@/lib/jobs/worker");

const shipped = (await readdir(path.resolve(import.meta.dirname, "../../prisma/migrations"), { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const failing = (r: Awaited<ReturnType<typeof checkReadiness>>) =>
  Object.entries(r.checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);

beforeAll(async () => {
  await runMigrations({ connectionString: databaseUrl });
});

describe("readiness", () => {
  it("is ready on a migrated database with the right master key, and no job runner in this process", async () => {
    const result = await checkReadiness(getDb());
    expect(failing(result)).toEqual([]);
    expect(result.checks.migrations.detail).toBe(`${shipped.length} applied`);
    expect(result.checks.masterKey.detail).toBe("opens");
    expect(result.checks.jobs.detail).toMatch(/not run in this process/);
  });

  it("names a migration this build ships that the database lacks", async () => {
    const result = await checkReadiness(getDb(), { migrations: [...shipped, "29991231000000_from_the_future"] });
    expect(failing(result)).toEqual(["migrations"]);
    expect(result.checks.migrations.detail).toMatch(/1 not applied \(29991231000000_from_the_future\)/);
  });

  it("says when the master key does not open this database's keys", async () => {
    const { sealed } = await getDb().masterKeySentinel.findUniqueOrThrow({ where: { id: 1 } });
    const stranger = parseMasterKey(randomBytes(32).toString("base64"));
    await getDb().masterKeySentinel.update({
      where: { id: 1 },
      data: { sealed: seal("the portal's master key opens this row", "sf-portal:master-key-sentinel", stranger) },
    });
    try {
      const result = await checkReadiness(getDb());
      expect(failing(result)).toEqual(["masterKey"]);
      expect(result.checks.masterKey.detail).toMatch(/PORTAL_MASTER_KEY/);
    } finally {
      await getDb().masterKeySentinel.update({ where: { id: 1 }, data: { sealed } });
    }
    expect((await checkReadiness(getDb())).ok).toBe(true);
  });

  it("is not ready once this process's job runner has stopped", async () => {
    const runner = await startWorker({ connectionString: databaseUrl, concurrency: 1, schedule: false });
    expect((await checkReadiness(getDb())).checks.jobs).toEqual({ ok: true, detail: "running" });
    await runner.stop();
    await expect.poll(async () => failing(await checkReadiness(getDb()))).toEqual(["jobs"]);
  });

  it("says only that the database is unreachable (no driver message), and checks nothing that needs it", async () => {
    const closed = new URL(databaseUrl);
    closed.port = "9"; // discard: nothing listens there
    const db = createDb(closed.toString());
    try {
      const result = await checkReadiness(db);
      expect(result.checks.database).toEqual({ ok: false, detail: "unreachable" });
      expect(result.checks.migrations.detail).toMatch(/not checked/);
      expect(result.checks.masterKey.detail).toMatch(/not checked/);
    } finally {
      await db.$disconnect();
    }
  });

  // Last: the drain cannot be undone in a process.
  it("answers not ready, shutting down, once the process is stopping, though the database is fine", async () => {
    const { waitForRuns } = await import("@/lib/shutdown/in-flight-runs");
    await waitForRuns(0);
    const result = await checkReadiness(getDb());
    expect(result.ok).toBe(false);
    expect(result.checks.database).toEqual({ ok: false, detail: "shutting down" });
  });
});
