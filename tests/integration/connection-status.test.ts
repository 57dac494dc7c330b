import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection, TEST_USERNAME } from "../support/factories";

// What a finished run maintains on its connection (status_since, last_success_at, consecutive_failures), the status
// changes it records for the notifier (connection_events), and the schedule's own budget.

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { runTestForConnection, prepareTestRun, SCHEDULE_RUNNER, RUNS_PER_TENANT_PER_HOUR } =
  await import("@/lib/connections/run-connection-test");

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const session = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});

afterAll(() => fake.close());

async function facts(connectionId: string) {
  const c = await getDb().connection.findUniqueOrThrow({
    where: { id: connectionId },
    select: { status: true, statusSince: true, lastSuccessAt: true, consecutiveFailures: true },
  });
  const events = await getDb().connectionEvent.findMany({ where: { connectionId }, orderBy: { id: "asc" } });
  return { ...c, events: events.map((e) => e.type) };
}

describe("connection status over runs", () => {
  let owner: Customer;
  beforeAll(async () => {
    owner = await makeCustomer(getDb());
  });

  it("counts failures in a row, fails after the second, recovers once, and dates each status", async () => {
    const { id } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const test = () => runTestForConnection({ user: session(owner), connectionId: id, ip: null });

    const first = await test();
    expect(first.outcome).toBe("connected");
    const connected = await facts(id);
    expect(connected).toMatchObject({ status: "connected", consecutiveFailures: 0, events: [] });
    expect(connected.statusSince).toEqual(connected.lastSuccessAt);

    fake.setFault({ kind: "5xx" }, "all");
    try {
      expect((await test()).outcome).toBe("failed");
      const once = await facts(id);
      // One failure alerts nobody (a flap), but the status and its date change at once.
      expect(once).toMatchObject({ status: "failed", consecutiveFailures: 1, events: [] });
      expect(once.statusSince!.getTime()).toBeGreaterThan(connected.statusSince!.getTime());
      expect(once.lastSuccessAt).toEqual(connected.lastSuccessAt);

      await test();
      await test();
      const thrice = await facts(id);
      expect(thrice).toMatchObject({ consecutiveFailures: 3, events: ["connection.failed"] });
      // Failing since the first failure of the streak, not the latest.
      expect(thrice.statusSince).toEqual(once.statusSince);
    } finally {
      fake.setFault(null);
    }

    await test();
    const recovered = await facts(id);
    expect(recovered).toMatchObject({
      status: "connected",
      consecutiveFailures: 0,
      events: ["connection.failed", "connection.recovered"],
    });
    expect(recovered.lastSuccessAt!.getTime()).toBeGreaterThan(connected.lastSuccessAt!.getTime());
    const rows = await getDb().connectionEvent.findMany({ where: { connectionId: id } });
    expect(rows.every((e) => e.tenantId === owner.tenant.id && e.testRunId)).toBe(true);
  });

  it("records no failure event for a connection that never worked (onboarding), nor a recovery after one flap", async () => {
    const { id } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    fake.setFault({ kind: "5xx" }, "all");
    try {
      for (let i = 0; i < 3; i += 1) await runTestForConnection({ user: session(owner), connectionId: id, ip: null });
    } finally {
      fake.setFault(null);
    }
    expect(await facts(id)).toMatchObject({
      status: "failed",
      consecutiveFailures: 3,
      lastSuccessAt: null,
      events: [],
    });
    await runTestForConnection({ user: session(owner), connectionId: id, ip: null });
    expect((await facts(id)).events).toEqual([]);
    // Now connected: one failure, then connected again.
    fake.setFault({ kind: "5xx" }, "all");
    try {
      await runTestForConnection({ user: session(owner), connectionId: id, ip: null });
    } finally {
      fake.setFault(null);
    }
    await runTestForConnection({ user: session(owner), connectionId: id, ip: null });
    expect(await facts(id)).toMatchObject({ status: "connected", consecutiveFailures: 0, events: [] });
  });
});

describe("warnings", () => {
  it("records connection.warning when a connected connection's run gives warnings, once", async () => {
    const owner = await makeCustomer(getDb());
    const { id, certificatePem } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const test = () => runTestForConnection({ user: session(owner), connectionId: id, ip: null });
    expect((await test()).outcome).toBe("connected");
    const { clientId } = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    // The integration user loses "View Event Log Files": still connected, with a warning.
    fake.addApp({
      clientId: clientId!,
      certificatePem,
      usernames: [TEST_USERNAME],
      acceptedAudiences: [fake.origin],
      eventLogs: "invalid_type",
    });
    expect((await test()).outcome).toBe("warnings");
    expect((await test()).outcome).toBe("warnings");
    expect(await facts(id)).toMatchObject({ status: "warnings", events: ["connection.warning"] });
  });
});

describe("scheduled runs", () => {
  it("are recorded as run by the schedule and spend their own budget, never the customer's manual tests", async () => {
    const busy = await makeCustomer(getDb());
    const { id } = await makeReadyConnection(getDb(), fake, busy.tenant.id);
    // The customer has spent the hour's manual tests.
    await getDb().testRun.createMany({
      data: Array.from({ length: RUNS_PER_TENANT_PER_HOUR }, () => ({
        id: randomUUID(),
        connectionId: id,
        tenantId: busy.tenant.id,
        outcome: "failed" as const,
        startedAt: new Date(),
      })),
    });
    await expect(prepareTestRun({ user: session(busy), connectionId: id, ip: null })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    const view = await runTestForConnection({ user: SCHEDULE_RUNNER, connectionId: id, ip: null });
    expect(view.outcome).toBe("connected");
    const run = await getDb().testRun.findUniqueOrThrow({ where: { id: view.id } });
    expect(run).toMatchObject({ scheduled: true, ranById: null, ranByEmail: "schedule", ranByRole: null });
    // The scheduled run did not take a manual slot either: the manual count is unchanged, still refused, not more.
    const manual = await getDb().testRun.count({ where: { tenantId: busy.tenant.id, scheduled: false } });
    expect(manual).toBe(RUNS_PER_TENANT_PER_HOUR);
  });
});
