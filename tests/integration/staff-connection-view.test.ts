import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

const url = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { PrismaClient } = await import("@/lib/db/generated/client");
const { getStaffConnectionView } = await import("@/lib/connections/staff-view");
const { ACTIVITY_LIMIT, listConnectionActivity } = await import("@/lib/connections/activity");

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const support = { role: "support" as const };

async function addRun(connectionId: string, tenantId: string, outcome: "connected" | "failed", startedAt: Date) {
  const id = randomUUID();
  const steps =
    outcome === "failed"
      ? [{ name: "token", status: "failed", message: "refused", durationMs: 5, diagnosis: { title: "Bad key" } }]
      : [{ name: "token", status: "ok", message: "ok", durationMs: 5 }];
  await getDb().testRun.create({
    data: { id, connectionId, tenantId, outcome, startedAt, steps, ranByEmail: "alice@acme.example" },
  });
  await getDb().auditEvent.create({
    data: {
      action: "test.run",
      createdAt: startedAt,
      actorEmail: "alice@acme.example",
      tenantId,
      targetType: "test_run",
      targetId: id,
      details: { connectionId, outcome },
    },
  });
  await getDb().connection.update({
    where: { id: connectionId },
    data: { status: outcome, lastTestedAt: startedAt, lastTestRunId: id },
  });
  return id;
}

describe("the staff connection page's loader", () => {
  let acme: Awaited<ReturnType<typeof makeCustomer>>;
  let colleague: Awaited<ReturnType<typeof makeCustomer>>;
  let other: Awaited<ReturnType<typeof makeCustomer>>;
  let connectionId: string;
  let firstFailure: Date;

  beforeAll(async () => {
    const db = getDb();
    acme = await makeCustomer(db);
    colleague = await makeCustomer(db, acme.tenant.name);
    other = await makeCustomer(db);
    await db.user.update({ where: { id: colleague.user.id }, data: { lastSignInAt: ago(2) } });
    connectionId = (await makeConnection(db, acme.tenant.id, "Production org")).id;
    const tenantId = acme.tenant.id;
    await db.auditEvent.createMany({
      data: [
        {
          action: "certificate.generated",
          createdAt: ago(200),
          actorEmail: acme.user.email,
          targetType: "certificate",
          targetId: randomUUID(),
          details: { connectionId, keySize: 2048 },
        },
        {
          action: "connection.updated",
          createdAt: ago(150),
          actorEmail: acme.user.email,
          targetType: "connection",
          targetId: connectionId,
          details: { changed: ["clientId"] },
        },
        // Another connection's entry: not in this timeline.
        {
          action: "certificate.downloaded",
          createdAt: ago(1),
          targetType: "certificate",
          targetId: randomUUID(),
          details: { connectionId: randomUUID() },
        },
      ].map((e) => ({ ...e, tenantId })),
    });
    await addRun(connectionId, tenantId, "failed", ago(120));
    await addRun(connectionId, tenantId, "connected", ago(100));
    firstFailure = ago(72);
    await addRun(connectionId, tenantId, "failed", firstFailure);
    await addRun(connectionId, tenantId, "failed", ago(24));
  });

  it("lists the tenant's customers, signed-in first, and no one else's", async () => {
    const view = await getStaffConnectionView(support, connectionId);
    expect(view?.users.map((u) => u.email)).toEqual([colleague.user.email, acme.user.email]);
    expect(view?.users[0]?.lastSignInAt).toBeInstanceOf(Date);
    expect(view?.users[1]?.lastSignInAt).toBeNull();
    expect(view?.users.map((u) => u.email)).not.toContain(other.user.email);
  });

  it("dates the failure from the first failed run after the last success", async () => {
    const view = await getStaffConnectionView(support, connectionId);
    expect(view?.status).toBe("failed");
    expect(view?.failingSince?.getTime()).toBe(firstFailure.getTime());

    const fresh = (await makeConnection(getDb(), acme.tenant.id)).id;
    const since = ago(10);
    await addRun(fresh, acme.tenant.id, "failed", since);
    expect((await getStaffConnectionView(support, fresh))?.failingSince?.getTime()).toBe(since.getTime());
    await addRun(fresh, acme.tenant.id, "connected", ago(5));
    expect((await getStaffConnectionView(support, fresh))?.failingSince).toBeNull();
  });

  it("merges runs and audit entries newest first, each run once, in two queries", async () => {
    const db = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url }),
      log: [{ emit: "event", level: "query" }],
    });
    let queries = 0;
    db.$on("query", () => void queries++);
    try {
      const activity = await listConnectionActivity(db, connectionId);
      expect(queries).toBe(2);
      expect(activity.map((a) => a.text)).toEqual([
        "Test connection by alice@acme.example: failed — Bad key",
        "Test connection by alice@acme.example: failed — Bad key",
        "Test connection by alice@acme.example: connected",
        "Test connection by alice@acme.example: failed — Bad key",
        `Salesforce fields saved (Client ID) by ${acme.user.email}`,
        `Certificate generated (2048-bit key) by ${acme.user.email}`,
      ]);
    } finally {
      await db.$disconnect();
    }
  });

  it("keeps the timeline to the newest entries", async () => {
    const busy = (await makeConnection(getDb(), acme.tenant.id)).id;
    await getDb().auditEvent.createMany({
      data: Array.from({ length: ACTIVITY_LIMIT + 5 }, (_, i) => ({
        action: "checklist.updated",
        createdAt: ago(ACTIVITY_LIMIT + 5 - i),
        targetType: "connection",
        targetId: busy,
        details: { step: "scopes", done: i % 2 === 0 },
      })),
    });
    await addRun(busy, acme.tenant.id, "connected", ago(0.5));
    const activity = await listConnectionActivity(getDb(), busy);
    expect(activity).toHaveLength(ACTIVITY_LIMIT);
    expect(activity[0]?.text).toBe("Test connection by alice@acme.example: connected");
    expect(activity.at(-1)?.at.getTime()).toBeGreaterThan(ago(ACTIVITY_LIMIT + 1).getTime());
  });

  it("is refused (null) to anyone without connections:read-all, and for unknown ids", async () => {
    expect(await getStaffConnectionView({ role: "admin" }, connectionId)).not.toBeNull();
    // The customer's own tenant is not enough: the page lists the tenant's accounts.
    expect(await getStaffConnectionView(acme.user, connectionId)).toBeNull();
    expect(await getStaffConnectionView(other.user, connectionId)).toBeNull();
    expect(await getStaffConnectionView(support, randomUUID())).toBeNull();
    expect(await getStaffConnectionView(support, "1 OR 1=1")).toBeNull();
  });
});
