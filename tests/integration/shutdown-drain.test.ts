import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection } from "../support/factories";

// The stop of a portal process (lib/shutdown/drain.ts, what scripts/server.mjs and the jobs process run on SIGTERM),
// without a build: a Test connection held by a slow Salesforce outlives the grace, so the stopping process records it
// interrupted itself, then lets go of its pool and its boot lock. e2e/graceful-shutdown.spec.ts runs the real server.
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
process.env.PORTAL_SHUTDOWN_GRACE_MS = "800";
// The portal pool's connections carry this name in pg_stat_activity (node-postgres reads PGAPPNAME).
const APP_NAME = `shutdown-drain-${process.pid}`;
process.env.PGAPPNAME = APP_NAME;
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { keepBootLock, heldBootId } = await import("@/lib/db/boot-lock");
const { prepareTestRun } = await import("@/lib/connections/run-connection-test");
const { drainProcess } = await import("@/lib/shutdown/drain");

afterAll(async () => {
  fake.setFault(null);
  await fake.close();
});

async function query<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "shutdown-drain-check" });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe("stopping a portal process", () => {
  it("waits the grace period for a running test, records it interrupted, and closes the pool and the boot lock", async () => {
    expect(await keepBootLock(databaseUrl)).toBe(true);
    const bootId = heldBootId();
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    fake.setFault({ kind: "delay", ms: 5_000 }, "token");
    const user = { id: owner.user.id, email: owner.user.email, role: "customer" as const, tenantId: owner.tenant.id };
    const prepared = await prepareTestRun({ user, connectionId, ip: null });
    const running = prepared.execute();
    running.catch(() => undefined);

    const poolConnections = async () =>
      (
        await query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [
          APP_NAME,
        ])
      )[0]!.n;
    expect(await poolConnections()).toBeGreaterThan(0);

    const started = Date.now();
    expect(await drainProcess("test")).toEqual({ waited: 1, interrupted: 1 });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(790);
    expect(took).toBeLessThan(3_000);

    const [run] = await query(`SELECT outcome, error_code, summary, finished_at FROM test_runs WHERE id = $1`, [
      prepared.runId,
    ]);
    expect(run).toMatchObject({
      outcome: "failed",
      error_code: "interrupted",
      summary: "The portal stopped before this test finished. Run the test again.",
    });
    expect(run!.finished_at).not.toBeNull();
    expect(await poolConnections()).toBe(0);
    expect(heldBootId()).toBeNull();
    const locks = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND classid = 7301::int8::oid AND objid = (hashtext($1)::int8 & 4294967295)::oid`,
      [bootId],
    );
    expect(locks).toEqual([{ n: 0 }]);
  });
});
