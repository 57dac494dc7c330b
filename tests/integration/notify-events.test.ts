import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection } from "../support/factories";
import { fakeSmtp, mailText } from "../support/fake-smtp";

// Issue #10: the events the finish statement and renewal record reach people through the notifier task, once each:
// a connection failing twice after working, its recovery, and a certificate reaching a reminder mark.
const fake = await startFakeSalesforce({ port: 0 });
const smtp = await fakeSmtp();
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
process.env.SMTP_URL = smtp.url;
process.env.SMTP_FROM = "Portal <noreply@portal.test>";
process.env.NEXTAUTH_URL = "https://portal.example.test/";
process.env.PORTAL_STAFF_NOTIFY = "oncall@ops.test";
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { notifyConnectionEvents } = await import("@/lib/jobs/notify-task");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");

afterAll(async () => {
  await smtp.close();
  await fake.close();
  for (const v of ["SMTP_URL", "SMTP_FROM", "NEXTAUTH_URL", "PORTAL_STAFF_NOTIFY"]) delete process.env[v];
});
// Other suites share this database: send whatever they left unsent (and their due reminders) first, then listen.
beforeEach(async () => {
  await notifyConnectionEvents(getDb());
  smtp.messages.length = 0;
});

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const runner = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});
const subjects = () => smtp.messages.map((m) => `${m.to}: ${/^Subject: (.*)$/m.exec(m.data)?.[1] ?? ""}`);

describe("the notifier", () => {
  it("tells the customer and staff once when a working connection fails twice, and once when it recovers", async () => {
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const test = () => runTestForConnection({ user: runner(owner), connectionId, ip: null });
    expect((await test()).outcome).toBe("connected");
    fake.setFault({ kind: "5xx" }, "token");
    try {
      expect((await test()).outcome).toBe("failed");
      await notifyConnectionEvents(getDb());
      expect(smtp.messages).toHaveLength(0); // one failure is not yet news
      expect((await test()).outcome).toBe("failed");
    } finally {
      fake.setFault(null);
    }
    await notifyConnectionEvents(getDb());
    const failed = subjects();
    expect(failed).toHaveLength(2);
    expect(failed.some((s) => s.startsWith(`${owner.user.email}:`))).toBe(true);
    expect(failed.some((s) => s.startsWith("oncall@ops.test:"))).toBe(true);
    expect(mailText(smtp.messages[0]!.data)).toContain(`https://portal.example.test/`);

    smtp.messages.length = 0;
    await notifyConnectionEvents(getDb());
    expect(smtp.messages).toHaveLength(0); // sent once

    expect((await test()).outcome).toBe("connected");
    await notifyConnectionEvents(getDb());
    expect(subjects()).toHaveLength(2);
    expect(smtp.messages.map((m) => mailText(m.data)).every((t) => /works again/.test(t))).toBe(true);
    const events = await getDb().connectionEvent.findMany({ where: { connectionId }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.notifiedAt !== null])).toEqual([
      ["connection.failed", true],
      ["connection.recovered", true],
    ]);
  });

  it("sends one reminder for the nearest mark a certificate has reached, and not again", async () => {
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000);
    await getDb().certificate.updateMany({ where: { connectionId, status: "active" }, data: { notAfter: inFiveDays } });
    await notifyConnectionEvents(getDb());
    const mine = smtp.messages.filter((m) => m.to === owner.user.email);
    expect(mine).toHaveLength(1);
    expect(mailText(mine[0]!.data)).toMatch(/Salesforce keeps accepting/);
    const reminders = await getDb().connectionEvent.findMany({ where: { connectionId, type: "certificate.expiring" } });
    expect(reminders.map((r) => r.daysLeft)).toEqual([7]);

    smtp.messages.length = 0;
    await notifyConnectionEvents(getDb());
    expect(smtp.messages.filter((m) => m.to === owner.user.email)).toHaveLength(0);
  });
});
