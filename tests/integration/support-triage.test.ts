import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { getDashboard } = await import("@/lib/dashboard/queries");
const { invalidDashboardParams, parseDashboardFilter } = await import("@/lib/dashboard/schemas");
const { getRunHistories } = await import("@/lib/connections/history");

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms);
const later = (ms: number) => new Date(Date.now() + ms);

// Other test files share the database: every query here is scoped by this run's unique token.
const tok = randomBytes(4).toString("hex");
const ids: Record<string, string> = {};
let tenantId = "";

const FIELDS = {
  username: "integration@example.test",
  clientId: "3MVG9".padEnd(85, "x"),
  instanceUrl: "https://example.my.salesforce.com",
  environment: "production" as const,
};

type Run = { outcome: "connected" | "warnings" | "failed"; at: number; code?: string; title?: string };

// A connection with its runs (oldest first); the last one sets the denormalised status, as the runner does.
async function add(name: string, data: Record<string, unknown>, runs: Run[] = []) {
  const id = randomUUID();
  ids[name] = id;
  await getDb().connection.create({ data: { id, tenantId, name, ...data } });
  let last: { id: string; at: Date; outcome: Run["outcome"] } | null = null;
  for (const run of runs) {
    const runId = randomUUID();
    const steps = run.title
      ? [
          {
            name: "token",
            status: "failed",
            message: "x",
            durationMs: 1,
            diagnosis: { code: run.code, title: run.title },
          },
        ]
      : [];
    const startedAt = ago(run.at);
    await getDb().testRun.create({
      data: {
        id: runId,
        connectionId: id,
        tenantId,
        outcome: run.outcome,
        errorCode: run.code ?? null,
        failedStep: run.code ? "token" : null,
        steps,
        startedAt,
        finishedAt: new Date(startedAt.getTime() + 1000),
      },
    });
    last = { id: runId, at: new Date(startedAt.getTime() + 1000), outcome: run.outcome };
  }
  if (last)
    await getDb().connection.update({
      where: { id },
      data: { status: last.outcome, lastTestedAt: last.at, lastTestRunId: last.id },
    });
}

const dashboard = (query: Record<string, string> = {}) =>
  getDashboard(parseDashboardFilter({ q: `Tri${tok}`, ...query }));
const names = (rows: { name: string }[]) => rows.map((r) => r.name);
const far = { certificateExpiresAt: later(200 * DAY), ...FIELDS };

beforeAll(async () => {
  tenantId = (await makeCustomer(getDb(), `Tri${tok} Alpha`)).tenant.id;
  const month = { createdAt: ago(30 * DAY) };
  // Failed 21 days ago and never tested since: before Y connected, and still first.
  await add("X", { ...far, ...month }, [{ outcome: "failed", at: 21 * DAY, code: "timeout" }]);
  await add("F_OLD", { ...far, ...month }, [
    { outcome: "failed", at: 20 * DAY, code: "user_not_approved" },
    { outcome: "failed", at: HOUR, code: "username_mismatch", title: "The token belongs to another user" },
  ]);
  await add("F_NEW", { ...far, ...month }, [
    { outcome: "connected", at: 10 * DAY },
    { outcome: "failed", at: 5 * DAY, code: "invalid_client_id" },
    { outcome: "failed", at: 2 * HOUR, code: "invalid_client_id" },
  ]);
  // An older failure, then a success: failing only since its latest run.
  await add("F_RECENT", { ...far, ...month }, [
    { outcome: "failed", at: 25 * DAY, code: "timeout" },
    { outcome: "connected", at: 15 * DAY },
    { outcome: "failed", at: HOUR / 2, code: "user_not_approved" },
  ]);
  await add("Y", { ...FIELDS, ...month, certificateExpiresAt: later(60 * DAY + HOUR) }, [
    { outcome: "connected", at: HOUR },
  ]);
  await add("EXPIRED", { ...FIELDS, createdAt: ago(400 * DAY), certificateExpiresAt: ago(2 * DAY) }, [
    { outcome: "warnings", at: 3 * DAY },
  ]);
  await add("EXP_SOON", { ...FIELDS, createdAt: ago(300 * DAY), certificateExpiresAt: later(3 * DAY) }, [
    { outcome: "connected", at: 2 * DAY },
  ]);
  const stalled = { createdAt: ago(5 * DAY) };
  await add("S_CERT", stalled);
  await add("S_FIELDS", { ...stalled, certificateExpiresAt: later(300 * DAY) });
  await add("S_TEST", {
    ...stalled,
    ...FIELDS,
    certificateExpiresAt: later(300 * DAY),
    checklist: { "my-domain": true, scopes: true, "client-id": true, user: false, bogus: true, "cli-deploy": true },
  });
  await add("NEW_CONN", {});
});

describe("support triage", () => {
  it("puts failed connections first, longest failing first, then the soonest expiry, then the newest test", async () => {
    const { rows } = await dashboard();
    expect(names(rows).slice(0, 7)).toEqual(["X", "F_OLD", "F_NEW", "F_RECENT", "EXPIRED", "EXP_SOON", "Y"]);
    expect(names(rows).slice(7).sort()).toEqual(["NEW_CONN", "S_CERT", "S_FIELDS", "S_TEST"]);
    const byName = new Map(rows.map((r) => [r.name, r]));
    // Failing since the first failure after the last success, not the latest run.
    expect(Math.round((Date.now() - byName.get("F_OLD")!.failingSince!.getTime()) / DAY)).toBe(20);
    expect(Math.round((Date.now() - byName.get("F_NEW")!.failingSince!.getTime()) / DAY)).toBe(5);
    expect(Date.now() - byName.get("F_RECENT")!.failingSince!.getTime()).toBeLessThan(HOUR);
    expect(byName.get("Y")!.failingSince).toBeNull();
  });

  it("shows the last test's diagnosis title: the catalogue's, else the one the run stored", async () => {
    const byName = new Map((await dashboard()).rows.map((r) => [r.name, r]));
    expect(byName.get("F_NEW")!.lastTitle).toBe("Salesforce does not know this Client ID");
    expect(byName.get("X")!.lastTitle).toBe("Salesforce did not answer in time");
    expect(byName.get("F_OLD")!.lastTitle).toBe("The token belongs to another user");
    expect(byName.get("Y")!.lastTitle).toBeNull();
  });

  it("names the stage where each stalled onboarding stopped", async () => {
    const { rows, total } = await dashboard({ view: "stalled" });
    expect(total).toBe(5);
    const stages = Object.fromEntries(rows.map((r) => [r.name, r.stalled]));
    expect(stages).toEqual({
      X: { stage: "connect", ticked: 0, cliTicked: 0 },
      F_OLD: { stage: "connect", ticked: 0, cliTicked: 0 },
      S_CERT: { stage: "certificate", ticked: 0, cliTicked: 0 },
      S_FIELDS: { stage: "fields", ticked: 0, cliTicked: 0 },
      S_TEST: { stage: "test", ticked: 3, cliTicked: 1 },
    });
  });

  it("counts the tiles and filters by each", async () => {
    const { pictures } = await dashboard();
    expect(pictures.tiles).toEqual({ failed: 4, expiring: 2, stalled: 5, warnings: 1 });
    expect(names((await dashboard({ view: "failed" })).rows)).toEqual(["X", "F_OLD", "F_NEW", "F_RECENT"]);
    expect(names((await dashboard({ view: "expiring" })).rows)).toEqual(["EXPIRED", "EXP_SOON"]);
    expect(names((await dashboard({ view: "warnings" })).rows)).toEqual(["EXPIRED"]);
  });

  it("buckets certificate expiry by week for 12 weeks, expired first, and a bar filters the table", async () => {
    const { pictures } = await dashboard();
    expect(pictures.expiry).toHaveLength(13);
    const counts = Object.fromEntries(pictures.expiry.filter((w) => w.count > 0).map((w) => [w.week, w.count]));
    expect(counts).toEqual({ "-1": 1, 0: 1, 8: 1 });
    expect(names((await dashboard({ week: "-1" })).rows)).toEqual(["EXPIRED"]);
    expect(names((await dashboard({ week: "0" })).rows)).toEqual(["EXP_SOON"]);
    expect(names((await dashboard({ week: "8" })).rows)).toEqual(["Y"]);
    expect((await dashboard({ week: "5" })).total).toBe(0);
  });

  it("ranks the failure reasons of the last 7 days by connections affected, and a reason filters the table", async () => {
    const { pictures } = await dashboard();
    expect(pictures.reasons).toEqual([
      { code: "invalid_client_id", title: "Salesforce does not know this Client ID", connections: 1, runs: 2 },
      { code: "user_not_approved", title: "The user is not pre-authorized for the app", connections: 1, runs: 1 },
      { code: "username_mismatch", title: "The token belongs to another user", connections: 1, runs: 1 },
    ]);
    expect(names((await dashboard({ reason: "invalid_client_id" })).rows)).toEqual(["F_NEW"]);
    // X's timeout is three weeks old: outside the window.
    expect((await dashboard({ reason: "timeout" })).total).toBe(0);
  });

  it("counts the onboarding funnel with the stalled connections before each step", async () => {
    const { funnel } = (await dashboard()).pictures;
    expect(funnel).toEqual({
      created: 11,
      certificate: { reached: 9, stalled: 1 },
      fields: { reached: 8, stalled: 1 },
      tested: { reached: 7, stalled: 1 },
      connected: { reached: 5, stalled: 2 },
    });
  });

  it("returns the last 30 finished runs per connection, oldest first, scoped to a tenant when asked", async () => {
    const many = randomUUID();
    await getDb().connection.create({ data: { id: many, tenantId, name: "MANY" } });
    await getDb().testRun.createMany({
      data: Array.from({ length: 35 }, (_, i) => ({
        id: randomUUID(),
        connectionId: many,
        tenantId,
        outcome: i % 7 === 6 ? ("failed" as const) : ("connected" as const),
        startedAt: ago((40 - i) * HOUR),
        finishedAt: ago((40 - i) * HOUR - 1000),
      })),
    });
    const histories = await getRunHistories([many, ids.F_RECENT!, ids.S_CERT!]);
    const runs = histories.get(many)!;
    expect(runs).toHaveLength(30);
    // Runs 5..34 of 35: the five oldest are left out.
    expect(runs.map((r) => r.status).filter((s) => s === "failed")).toHaveLength(5);
    expect(runs.at(-1)!.status).toBe("failed");
    expect(new Date(runs[0]!.finishedAt).getTime()).toBeLessThan(new Date(runs.at(-1)!.finishedAt).getTime());
    expect(histories.get(ids.F_RECENT!)!.map((r) => r.status)).toEqual(["failed", "connected", "failed"]);
    expect(histories.has(ids.S_CERT!)).toBe(false);
    const foreign = await getRunHistories([many], { tenantId: randomUUID() });
    expect(foreign.size).toBe(0);
    await getDb().connection.delete({ where: { id: many } });
  });

  it("names the query parameters it could not understand", () => {
    expect(invalidDashboardParams({ q: "x", view: "bogus", week: "99", reason: "DROP TABLE", sort: "triage" })).toEqual(
      ["view", "week", "reason"],
    );
    expect(parseDashboardFilter({ view: "bogus", week: "12" })).toMatchObject({ view: undefined, week: undefined });
  });
});
