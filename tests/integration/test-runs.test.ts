import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeReadyConnection } from "../support/factories";

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { prepareTestRun, runTestForConnection, RUNS_PER_TENANT_PER_HOUR } =
  await import("@/lib/connections/run-connection-test");
const { getStaffConnectionDetail, listTestRuns } = await import("@/lib/connections/queries");

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const session = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
  tenantName: c.tenant.name,
});

afterAll(() => fake.close());

describe("recorded connection tests", () => {
  let owner: Customer;
  let outsider: Customer;
  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    outsider = await makeCustomer(getDb());
  });

  it("records steps, attempts, outcome, actor and the working pair, and audits the run", async () => {
    const connectionId = (
      await makeReadyConnection(getDb(), fake, owner.tenant.id, { acceptedAudiences: ["https://login.salesforce.com"] })
    ).id;
    const seen: string[] = [];
    const view = await runTestForConnection({
      user: session(owner),
      connectionId,
      ip: "192.0.2.1",
      onStep: (s) => seen.push(`${s.name}:${s.status}`),
    });
    expect(view.outcome).toBe("connected");
    expect(seen).toEqual([
      "token:running",
      "token:ok",
      "version:running",
      "version:ok",
      "identity:running",
      "identity:ok",
      "event_logs:running",
      "event_logs:ok",
    ]);
    const run = await getDb().testRun.findUniqueOrThrow({ where: { id: view.id } });
    expect(run).toMatchObject({
      outcome: "connected",
      ranById: owner.user.id,
      ranByRole: "customer",
      audience: "https://login.salesforce.com",
      tokenHost: fake.origin,
    });
    expect(run.durationMs).toBeGreaterThan(0);
    expect((run.attempts as unknown[]).length).toBe(2);
    const stored = JSON.stringify(run);
    expect(stored).not.toMatch(/PRIVATE KEY|access_token|accessToken|eyJ/);
    const connection = await getDb().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection).toMatchObject({
      status: "connected",
      lastTestRunId: view.id,
      audience: "https://login.salesforce.com",
      orgInstanceUrl: fake.origin,
    });
    // What the collector will read is stored with the run, for its configuration.
    expect(run.collector).toMatchObject({
      hourlyAvailable: true,
      logFileInterval: "Hourly",
      objectOption: true,
      readsNothing: false,
    });
    expect(view.collector).toMatchObject({ logFileInterval: "Hourly" });
    const audit = await getDb().auditEvent.findFirst({ where: { action: "test.run", targetId: view.id } });
    expect(audit).toMatchObject({ actorId: owner.user.id, tenantId: owner.tenant.id, ip: "192.0.2.1" });
    // The next test starts with the saved pair: one attempt.
    const again = await runTestForConnection({ user: session(owner), connectionId, ip: null });
    expect(again.attempts).toHaveLength(1);
    expect(again.attempts[0]).toMatchObject({
      tokenHost: fake.origin,
      audience: "https://login.salesforce.com",
      ok: true,
    });
  });

  it("allows one running test per connection", async () => {
    const connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    const results = await Promise.allSettled([
      prepareTestRun({ user: session(owner), connectionId, ip: null }),
      prepareTestRun({ user: session(owner), connectionId, ip: null }),
    ]);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const winner = results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<
      Awaited<ReturnType<typeof prepareTestRun>>
    >;
    await winner.value.execute();
    // Once finished, the connection can be tested again.
    await expect(runTestForConnection({ user: session(owner), connectionId, ip: null })).resolves.toMatchObject({
      outcome: "connected",
    });
  });

  it("expires a run a crashed server left running, instead of blocking the connection", async () => {
    const connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    const stale = randomUUID();
    await getDb().testRun.create({
      data: { id: stale, connectionId, tenantId: owner.tenant.id, startedAt: new Date(Date.now() - 5 * 60_000) },
    });
    await expect(runTestForConnection({ user: session(owner), connectionId, ip: null })).resolves.toMatchObject({
      outcome: "connected",
    });
    expect(
      await getDb().testRun.findUnique({ where: { id: stale }, select: { outcome: true, errorCode: true } }),
    ).toEqual({ outcome: "failed", errorCode: "interrupted" });
  });

  it("refuses another tenant's connection, and connections not ready, without recording a run", async () => {
    const connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    await expect(prepareTestRun({ user: session(outsider), connectionId, ip: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const bare = await makeConnection(getDb(), owner.tenant.id);
    await expect(prepareTestRun({ user: session(owner), connectionId: bare.id, ip: null })).rejects.toThrow(
      /Generate a certificate first/,
    );
    expect(await getDb().testRun.count({ where: { connectionId: { in: [connectionId, bare.id] } } })).toBe(0);
  });

  it("lets staff test any tenant's connection, recorded as staff", async () => {
    const connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    const staff = {
      id: randomUUID(),
      email: "support@portal.test",
      role: "support" as const,
      tenantId: null,
      tenantName: null,
    };
    const view = await runTestForConnection({ user: staff, connectionId, ip: null });
    expect(view).toMatchObject({ outcome: "connected", ranByEmail: "support@portal.test", ranByRole: "support" });
    // The customer's history says "by support"; staff still see who it was.
    const [mine] = await listTestRuns(owner.tenant.id, connectionId);
    expect(mine).toMatchObject({ id: view.id, ranByEmail: "support", ranByRole: null });
    expect(JSON.stringify(await listTestRuns(owner.tenant.id, connectionId))).not.toContain("support@portal.test");
    const detail = await getStaffConnectionDetail(connectionId);
    expect(detail?.testRuns[0]).toMatchObject({ id: view.id, ranByEmail: "support@portal.test" });
  });

  it("rate-limits a tenant's tests per hour", async () => {
    const busy = await makeCustomer(getDb());
    const connectionId = (await makeReadyConnection(getDb(), fake, busy.tenant.id)).id;
    await getDb().testRun.createMany({
      data: Array.from({ length: RUNS_PER_TENANT_PER_HOUR }, () => ({
        id: randomUUID(),
        connectionId,
        tenantId: busy.tenant.id,
        outcome: "failed" as const,
        startedAt: new Date(),
      })),
    });
    await expect(prepareTestRun({ user: session(busy), connectionId, ip: null })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  it("records a key that no longer decrypts as a diagnosed failure", async () => {
    const connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    const cert = await getDb().certificate.findFirstOrThrow({ where: { connectionId } });
    await getDb().certificate.update({
      where: { id: cert.id },
      data: { encryptedPrivateKey: cert.encryptedPrivateKey!.replace(/:[^:]+$/, ":AAAAAAAAAAAAAAAAAAAAAA") },
    });
    const view = await runTestForConnection({ user: session(owner), connectionId, ip: null });
    expect(view).toMatchObject({ outcome: "failed", errorCode: "key_unavailable" });
    expect(view.diagnosis?.fix).toMatch(/Generate a new certificate/);
  });
});
