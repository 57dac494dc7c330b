import { randomBytes, randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

const url = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { PrismaClient } = await import("@/lib/db/generated/client");
const { getDashboard } = await import("@/lib/dashboard/queries");
const { parseDashboardFilter } = await import("@/lib/dashboard/schemas");
const { getStaffConnectionDetail } = await import("@/lib/connections/queries");

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms);
const later = (ms: number) => new Date(Date.now() + ms);

// Other test files share the database: every query here is scoped by this run's unique token.
const tok = randomBytes(4).toString("hex");
const ids: Record<string, string> = {};

async function addConnection(tenantId: string, key: string, data: Record<string, unknown>) {
  const id = randomUUID();
  ids[key] = id;
  await getDb().connection.create({ data: { id, tenantId, name: key, ...data } });
  return id;
}

// A run; the latest one also sets the connection's denormalised status, as the test runner does.
async function addRun(
  connectionId: string,
  tenantId: string,
  outcome: "connected" | "warnings" | "failed",
  startedAt: Date,
  extra: Record<string, unknown> = {},
  latest = true,
) {
  const id = randomUUID();
  await getDb().testRun.create({
    data: {
      id,
      connectionId,
      tenantId,
      outcome,
      startedAt,
      ranByEmail: "someone@example.test",
      ranByRole: "customer",
      ...extra,
    },
  });
  if (latest)
    await getDb().connection.update({
      where: { id: connectionId },
      data: { status: outcome, lastTestedAt: startedAt, lastTestRunId: id },
    });
  return id;
}

const dashboard = (query: Record<string, string>) => getDashboard(parseDashboardFilter({ q: `Dash${tok}`, ...query }));
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

beforeAll(async () => {
  const alpha = await makeCustomer(getDb(), `Dash${tok} Alpha`);
  const beta = await makeCustomer(getDb(), `Dash${tok} Beta`);
  const gamma = await makeCustomer(getDb(), `Dash${tok} Gamma`);
  const a1 = await addConnection(alpha.tenant.id, "A1", {
    username: `zeta-${tok}@alpha.example`,
    instanceUrl: "https://alpha.my.salesforce.com",
    environment: "production",
    certificateExpiresAt: later(200 * DAY),
  });
  await addRun(a1, alpha.tenant.id, "connected", ago(3_600_000));
  const a2 = await addConnection(alpha.tenant.id, "A2", {
    instanceUrl: `https://host-${tok}.my.salesforce.com`,
    certificateExpiresAt: later(10 * DAY + 3_600_000),
  });
  await addRun(a2, alpha.tenant.id, "failed", ago(2 * 3_600_000), {
    errorCode: "user_not_approved",
    failedStep: "token",
  });
  const b1 = await addConnection(beta.tenant.id, "B1", { environment: "sandbox", certificateExpiresAt: ago(5 * DAY) });
  await addRun(b1, beta.tenant.id, "warnings", ago(3 * DAY));
  await addConnection(beta.tenant.id, "B2", {});
  // 30 healthy connections of one tenant, to page through: C01 tested 11 days ago ... C30 40 days ago.
  await getDb().connection.createMany({
    data: Array.from({ length: 30 }, (_, i) => ({
      id: randomUUID(),
      tenantId: gamma.tenant.id,
      name: `C${String(i + 1).padStart(2, "0")}`,
      status: "connected" as const,
      lastTestedAt: ago((11 + i) * DAY),
      certificateExpiresAt: later((101 + i) * DAY + DAY / 2),
    })),
  });
});

describe("staff dashboard", () => {
  it("counts per status for the search, and pages through 25 rows at a time", async () => {
    const first = await dashboard({});
    expect(first.counts).toEqual({ never_tested: 1, connected: 31, warnings: 1, failed: 1 });
    expect(first.total).toBe(34);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(25);
    const second = await dashboard({ page: "2" });
    expect(second.rows).toHaveLength(9);
    expect(new Set([...names(first.rows), ...names(second.rows)]).size).toBe(34);
    const past = await dashboard({ page: "5" });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(34);
  });

  it("filters by status, keeping the counts of the other statuses", async () => {
    const failed = await dashboard({ status: "failed" });
    expect(names(failed.rows)).toEqual(["A2"]);
    expect(failed.rows[0]).toMatchObject({
      tenantName: `Dash${tok} Alpha`,
      lastOutcome: "failed",
      lastErrorCode: "user_not_approved",
      lastFailedStep: "token",
    });
    expect(failed.total).toBe(1);
    expect(failed.rows[0]!.lastTestedAt).toBeInstanceOf(Date);
    expect(failed.rows[0]!.certificateExpiresAt).toBeInstanceOf(Date);
    expect(failed.counts.connected).toBe(31);
    expect(names((await dashboard({ status: "never_tested" })).rows)).toEqual(["B2"]);
  });

  it("filters certificates expiring within N days, expired ones included", async () => {
    expect(names((await dashboard({ expires: "30", sort: "expiry-asc" })).rows)).toEqual(["B1", "A2"]);
    expect(names((await dashboard({ expires: "0" })).rows)).toEqual(["B1"]);
    const soon = await dashboard({ expires: "105", sort: "expiry-asc" });
    expect(names(soon.rows)).toEqual(["B1", "A2", "C01", "C02", "C03", "C04"]);
    expect(soon.counts).toEqual({ never_tested: 0, connected: 4, warnings: 1, failed: 1 });
  });

  it("searches tenant names, usernames and instance hosts, as substrings", async () => {
    expect(names((await getDashboard(parseDashboardFilter({ q: `zeta-${tok}` }))).rows)).toEqual(["A1"]);
    const host = await getDashboard(parseDashboardFilter({ q: `HOST-${tok}.my` }));
    expect(names(host.rows)).toEqual(["A2"]);
    expect(host.rows[0]!.instanceHost).toBe(`host-${tok}.my.salesforce.com`);
    expect(
      names((await getDashboard(parseDashboardFilter({ q: `Dash${tok} Beta`, sort: "last-test-desc" }))).rows),
    ).toEqual(["B1", "B2"]);
    // % and _ are literal characters, not wildcards.
    expect((await getDashboard(parseDashboardFilter({ q: `Dash${tok}_Beta` }))).total).toBe(0);
    expect((await getDashboard(parseDashboardFilter({ q: `Dash${tok}%` }))).total).toBe(0);
  });

  it("sorts by last test and by expiry, never-tested and certificate-less rows last", async () => {
    const newest = await dashboard({ sort: "last-test-desc" });
    expect(names(newest.rows).slice(0, 4)).toEqual(["A1", "A2", "B1", "C01"]);
    expect(names((await dashboard({ sort: "last-test-desc", page: "2" })).rows).at(-1)).toBe("B2");
    expect(names((await dashboard({ sort: "last-test-asc" })).rows).slice(0, 2)).toEqual(["C30", "C29"]);
    const soonest = await dashboard({ sort: "expiry-asc", page: "2" });
    expect(names(soonest.rows)).toEqual(["C24", "C25", "C26", "C27", "C28", "C29", "C30", "A1", "B2"]);
    expect(names((await dashboard({ sort: "expiry-desc" })).rows).slice(0, 2)).toEqual(["A1", "C30"]);
  });

  it("falls back to defaults on malformed query values", () => {
    expect(
      parseDashboardFilter({ q: ["first", "second"], status: "bogus", expires: "abc", sort: "random()", page: "-3" }),
    ).toEqual({
      q: "first",
      status: undefined,
      expires: undefined,
      view: undefined,
      week: undefined,
      reason: undefined,
      sort: "triage",
      page: 1,
    });
    expect(parseDashboardFilter({ expires: "99999", page: "1e9", q: "x".repeat(500) })).toMatchObject({
      expires: undefined,
      page: 1,
      q: "x".repeat(100),
    });
  });

  // The page, the counts per status, one aggregate per picture (tiles and funnel, expiry, reasons), the run histories.
  it("issues the same six SQL queries whatever the filter and page", async () => {
    const db = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url }),
      log: [{ emit: "event", level: "query" }],
    });
    let queries = 0;
    db.$on("query", () => void queries++);
    try {
      for (const query of [
        {},
        { status: "failed" },
        { q: `Dash${tok}` },
        { expires: "30" },
        { page: "2", sort: "expiry-asc" },
        { view: "stalled", week: "3", reason: "timeout" },
        { page: "99" },
      ]) {
        queries = 0;
        await getDashboard(parseDashboardFilter(query), db);
        expect(queries).toBe(6);
      }
    } finally {
      await db.$disconnect();
    }
  });
});

describe("staff connection detail", () => {
  it("returns the connection with its runs newest first and its audit entries", async () => {
    const id = ids.A2!;
    const connection = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { tenantId: true } });
    const older = await addRun(
      id,
      connection.tenantId,
      "connected",
      ago(DAY),
      { steps: [{ name: "token", status: "ok", message: "ok", durationMs: 5 }] },
      false,
    );
    await getDb().auditEvent.createMany({
      data: [
        { action: "connection.updated", targetType: "connection", targetId: id, tenantId: connection.tenantId },
        {
          action: "certificate.downloaded",
          targetType: "certificate",
          targetId: randomUUID(),
          details: { connectionId: id },
        },
        {
          action: "certificate.downloaded",
          targetType: "certificate",
          targetId: randomUUID(),
          details: { connectionId: ids.A1! },
        },
      ],
    });
    const detail = await getStaffConnectionDetail(id);
    expect(detail?.tenant.name).toBe(`Dash${tok} Alpha`);
    expect(detail?.testRuns.map((r) => r.outcome)).toEqual(["failed", "connected"]);
    expect(detail?.testRuns[1]?.id).toBe(older);
    expect(detail?.auditEvents.map((e) => e.action).sort()).toEqual(["certificate.downloaded", "connection.updated"]);
  });

  it("is null for unknown and malformed ids", async () => {
    expect(await getStaffConnectionDetail(randomUUID())).toBeNull();
    expect(await getStaffConnectionDetail("1 OR 1=1")).toBeNull();
  });
});
