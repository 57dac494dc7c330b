import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { runMigrations, type Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebhookBody } from "@/lib/webhooks/payload";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection } from "../support/factories";

// Issue #10, webhooks: from a connection's real status change to a local receiver, through the real graphile-worker
// job. The receiver checks the signature with the README's own example, sees a 5xx retried until a 200, and the
// events in the order they happened. The receiver listens on 127.0.0.1, hence PORTAL_WEBHOOK_ALLOW_PRIVATE=1 here;
// tests/integration/webhook-ssrf.test.ts checks the address rules with it off.
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
process.env.PORTAL_WEBHOOK_ALLOW_PRIVATE = "1";
process.env.NEXTAUTH_URL = "https://portal.example.test/";
const databaseUrl = setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { notifyConnectionEvents } = await import("@/lib/jobs/notify-task");
const { startWorker } = await import("@/lib/jobs/worker");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const endpoints = await import("@/lib/webhooks/endpoints");
const { retryDelayMs } = await import("@/lib/webhooks/deliver");
const { testRunSelect, toTestRunView } = await import("@/lib/connections/test-run-view");

type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };

/**
 * A receiver that answers each request with the next status in `script` (then 200), or what `respond` says for the
 * event type, and records what came.
 */
async function receiver(script: number[] = [], respond?: (eventType: string) => number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = script.shift() ?? respond?.(String(req.headers["x-portal-event"])) ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : "receiver is down");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/portal`,
    received,
    bodies: () => received.map((r) => JSON.parse(r.body) as { id: string; type: string; tenant: { id: string } }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The README's verification example, exactly as published.
async function readmeVerifier() {
  const readme = await readFile(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const block = /<!-- webhook-verify:start -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-verify:end -->/.exec(readme)?.[1];
  if (!block) throw new Error("README has no webhook-verify block");
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "verify-")), "verify.mjs");
  await writeFile(file, block);
  const mod = (await import(file)) as {
    verifyPortalWebhook: (secret: string, header: string, body: string, tolerance?: number) => boolean;
  };
  return mod.verifyPortalWebhook;
}

const admin = { id: null, email: "admin@portal.test" };
type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const runner = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});
const ALL = [
  "connection.failed",
  "connection.recovered",
  "connection.warning",
  "certificate.expiring",
  "certificate.renewed",
] as const;

let worker: Runner;
const created: string[] = [];
async function addEndpoint(tenantId: string | null, url: string, eventTypes: readonly string[] = ALL) {
  const result = await endpoints.createWebhookEndpoint(getDb(), {
    tenantId,
    url,
    description: "test receiver",
    eventTypes: [...eventTypes] as (typeof ALL)[number][],
    actor: admin,
    ip: null,
  });
  created.push(result.id);
  return result;
}

async function deliveries(endpointId: string) {
  return getDb().webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { id: "asc" },
    include: { attemptLog: { orderBy: { id: "asc" } } },
  });
}

beforeAll(async () => {
  await runMigrations({ connectionString: databaseUrl });
  // Other suites' events: told before these tests add endpoints.
  await notifyConnectionEvents(getDb());
  worker = await startWorker({
    connectionString: databaseUrl,
    concurrency: 4,
    pollIntervalMs: 100,
    schedule: false,
    webhookRetryBaseMs: 300,
  });
});

afterAll(async () => {
  await worker.stop();
  // Leave no endpoint (a global one would receive other suites' events) and no job behind.
  await getDb().webhookEndpoint.deleteMany({ where: { id: { in: created } } });
  await getDb()
    .$executeRaw`SELECT graphile_worker.remove_job(k) FROM unnest(${created.map((id) => `webhook:${id}`)}::text[]) AS k`;
  await fake.close();
  delete process.env.PORTAL_WEBHOOK_ALLOW_PRIVATE;
});

describe("webhooks", () => {
  it("delivers a real failure and recovery, signed as the README says, retrying a 5xx until a 200, in order", async () => {
    const verify = await readmeVerifier();
    const hook = await receiver([503, 500]); // the first event fails twice, then everything is accepted
    const owner = await makeCustomer(getDb());
    const { secret, id: endpointId } = await addEndpoint(owner.tenant.id, hook.url);
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const test = () => runTestForConnection({ user: runner(owner), connectionId, ip: null });
    expect((await test()).outcome).toBe("connected");
    fake.setFault({ kind: "5xx" }, "token");
    try {
      await test();
      await test();
    } finally {
      fake.setFault(null);
    }
    expect((await test()).outcome).toBe("connected");
    await notifyConnectionEvents(getDb());

    await expect
      .poll(() => hook.received.filter((r) => r.headers["x-portal-event"] === "connection.recovered").length, {
        timeout: 20_000,
      })
      .toBe(1);
    // 503, 500, then 200 for the failure; then the recovery, once.
    expect(hook.received.map((r) => r.headers["x-portal-event"])).toEqual([
      "connection.failed",
      "connection.failed",
      "connection.failed",
      "connection.recovered",
    ]);
    for (const r of hook.received) {
      expect(verify(secret, String(r.headers["x-portal-signature"]), r.body)).toBe(true);
      expect(verify("whsec_not-the-secret", String(r.headers["x-portal-signature"]), r.body)).toBe(false);
      expect(verify(secret, String(r.headers["x-portal-signature"]), `${r.body} `)).toBe(false); // body changed
      expect(r.headers["content-type"]).toBe("application/json");
    }
    // Retries resend the same bytes under the same delivery id; the retry waited for its backoff.
    const [first, second, third] = hook.received;
    expect(new Set([first!.body, second!.body, third!.body]).size).toBe(1);
    expect(new Set([first, second, third].map((r) => r!.headers["x-portal-delivery"])).size).toBe(1);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(retryDelayMs(1, 300) - 50);

    const [failed, recovered] = [hook.bodies()[0], hook.bodies().at(-1)];
    expect(failed).toMatchObject({ type: "connection.failed", tenant: { id: owner.tenant.id } });
    expect(failed).toMatchObject({
      connection: {
        id: connectionId,
        status: "failed",
        url: `https://portal.example.test/connections/${connectionId}`,
      },
      run: { outcome: "failed", diagnosis: { code: expect.any(String), fix: expect.any(String) } },
    });
    expect(recovered).toMatchObject({ type: "connection.recovered", connection: { status: "connected" } });
    expect(Number(failed!.id.slice(4))).toBeLessThan(Number(recovered!.id.slice(4)));

    await expect.poll(async () => (await deliveries(endpointId)).at(-1)?.state).toBe("delivered");
    const log = await deliveries(endpointId);
    expect(log.map((d) => [d.eventType, d.state, d.attempts, d.lastStatus])).toEqual([
      ["connection.failed", "delivered", 3, 200],
      ["connection.recovered", "delivered", 1, 200],
    ]);
    expect(log[0]!.attemptLog.map((a) => a.status)).toEqual([503, 500, 200]);
    expect(log[0]!.attemptLog[0]!.responseExcerpt).toBe("receiver is down");
    expect(log[0]!.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);

    // The notifier running again (or a second worker) sends nothing twice.
    await notifyConnectionEvents(getDb());
    await new Promise((r) => setTimeout(r, 500));
    expect(hook.received).toHaveLength(4);
    await hook.close();
  });

  it("holds later events behind one that fails, so the receiver sees them in the order they happened", async () => {
    const hook = await receiver([500, 500, 500]);
    const owner = await makeCustomer(getDb());
    const { id: endpointId } = await addEndpoint(owner.tenant.id, hook.url);
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const types = ["connection.warning", "connection.failed", "connection.recovered", "connection.warning"];
    for (const type of types)
      await getDb().$executeRaw`INSERT INTO connection_events (type, connection_id, tenant_id)
                                VALUES (${type}, ${connectionId}::uuid, ${owner.tenant.id}::uuid)`;
    await notifyConnectionEvents(getDb());
    await expect.poll(() => hook.received.length, { timeout: 20_000 }).toBe(3 + types.length);
    const accepted = hook.received.slice(3).map((r) => r.headers["x-portal-event"]);
    expect(accepted).toEqual(types);
    // Nothing overtook the first event while it was backing off.
    expect(hook.received.slice(0, 4).every((r) => r.headers["x-portal-event"] === "connection.warning")).toBe(true);
    const ids = hook
      .bodies()
      .slice(3)
      .map((b) => Number(b.id.slice(4)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The last answer is written just after the receiver saw it.
    await expect
      .poll(async () => (await deliveries(endpointId)).map((d) => d.state))
      .toEqual(types.map(() => "delivered"));
    await hook.close();
  });

  it("sends a tenant's events only to its own endpoints and to global ones, in the staff wording for global ones", async () => {
    const mine = await receiver();
    const theirs = await receiver();
    const global = await receiver();
    const a = await makeCustomer(getDb());
    const b = await makeCustomer(getDb());
    await addEndpoint(a.tenant.id, mine.url);
    await addEndpoint(b.tenant.id, theirs.url);
    await addEndpoint(null, global.url, ["connection.failed"]);
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, a.tenant.id);
    const test = () => runTestForConnection({ user: runner(a), connectionId, ip: null });
    await test();
    fake.setFault({ kind: "5xx" }, "token");
    try {
      await test();
      await test();
    } finally {
      fake.setFault(null);
    }
    await notifyConnectionEvents(getDb());
    await expect.poll(() => mine.received.length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => global.bodies().filter((x) => x.tenant.id === a.tenant.id).length).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.received).toHaveLength(0);
    // The tenant's endpoint reads what the customer reads of the run, the global one what staff read.
    const staffBody = global.bodies().find((x) => x.tenant.id === a.tenant.id) as unknown as WebhookBody;
    const customerBody = mine.bodies()[0] as unknown as WebhookBody;
    const run = await getDb().testRun.findUniqueOrThrow({ where: { id: customerBody.run!.id }, select: testRunSelect });
    const wording = (audience: "customer" | "staff") => {
      const d = toTestRunView(run, audience).diagnosis!;
      return { code: d.code, title: d.title, cause: d.cause, fix: d.fix, fixableBy: d.fixableBy };
    };
    expect(customerBody.run!.diagnosis).toEqual(wording("customer"));
    expect(staffBody.run!.diagnosis).toEqual(wording("staff"));
    expect(customerBody.connection.url).toBe(`https://portal.example.test/connections/${connectionId}`);
    expect(staffBody.connection.url).toBe(`https://portal.example.test/support/connections/${connectionId}`);
    await Promise.all([mine.close(), theirs.close(), global.close()]);
  });

  it("gives a delivery up after its 24 hours, then sends the next; staff redeliver it with a new delivery id", async () => {
    let down = true; // the receiver refuses connection.failed until the test says otherwise
    const hook = await receiver([], (type) => (down && type === "connection.failed" ? 500 : 200));
    const owner = await makeCustomer(getDb());
    const { id: endpointId, secret } = await addEndpoint(owner.tenant.id, hook.url);
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    for (const type of ["connection.failed", "connection.recovered"])
      await getDb().$executeRaw`INSERT INTO connection_events (type, connection_id, tenant_id)
                                VALUES (${type}, ${connectionId}::uuid, ${owner.tenant.id}::uuid)`;
    await notifyConnectionEvents(getDb());
    await expect.poll(() => hook.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await getDb().$executeRaw`UPDATE webhook_deliveries SET give_up_at = now() - interval '1 second'
                              WHERE endpoint_id = ${endpointId}::uuid AND event_type = 'connection.failed'`;
    await expect
      .poll(async () => (await deliveries(endpointId)).map((d) => d.state), { timeout: 20_000 })
      .toEqual(["failed", "delivered"]);
    const [gaveUp] = await deliveries(endpointId);
    expect(gaveUp!.lastError).toMatch(/HTTP 500/);
    expect(hook.received.at(-1)!.headers["x-portal-event"]).toBe("connection.recovered");
    down = false;

    await endpoints.redeliverWebhook(getDb(), { endpointId, deliveryId: gaveUp!.id, actor: admin, ip: null });
    await expect
      .poll(() => hook.received.filter((r) => r.headers["x-portal-event"] === "connection.failed").length, {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(3);
    const failedOnes = hook.received.filter((r) => r.headers["x-portal-event"] === "connection.failed");
    const last = failedOnes.at(-1)!;
    expect(last.body).toBe(failedOnes[0]!.body);
    expect(last.headers["x-portal-delivery"]).not.toBe(failedOnes[0]!.headers["x-portal-delivery"]);
    const verify = await readmeVerifier();
    expect(verify(secret, String(last.headers["x-portal-signature"]), last.body)).toBe(true);
    await expect.poll(async () => (await deliveries(endpointId)).at(-1)?.state).toBe("delivered");
    const log = await deliveries(endpointId);
    expect(log.at(-1)).toMatchObject({ state: "delivered", redeliveryOf: gaveUp!.id, eventType: "connection.failed" });
    await hook.close();
  });

  it("signs with both secrets for a day after a rotation, and never stores or audits a secret in clear", async () => {
    const verify = await readmeVerifier();
    const hook = await receiver();
    const owner = await makeCustomer(getDb());
    const { id: endpointId, secret: oldSecret } = await addEndpoint(owner.tenant.id, hook.url);
    const { secret: newSecret, previousValidUntil } = await endpoints.rotateWebhookSecret(getDb(), {
      endpointId,
      actor: admin,
      ip: null,
    });
    expect(newSecret).not.toBe(oldSecret);
    expect(previousValidUntil.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
    await endpoints.sendTestEvent(getDb(), { endpointId, actor: admin, ip: null });
    await expect.poll(() => hook.received.length, { timeout: 20_000 }).toBe(1);
    const [ping] = hook.received;
    const header = String(ping!.headers["x-portal-signature"]);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verify(newSecret, header, ping!.body)).toBe(true);
    expect(verify(oldSecret, header, ping!.body)).toBe(true);
    expect(JSON.parse(ping!.body)).toMatchObject({ type: "webhook.test", tenant: { id: owner.tenant.id } });

    // At rest: sealed, and bound to the row (another endpoint's id does not open it).
    const { open, webhookSecretAad } = await import("@/lib/crypto/envelope");
    const { getMasterKeys } = await import("@/lib/crypto/master-keys");
    const row = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(newSecret);
    expect(stored).not.toContain(oldSecret);
    expect(open(row.secretSealed, webhookSecretAad(endpointId), getMasterKeys().all).toString()).toBe(newSecret);
    expect(() => open(row.secretSealed, webhookSecretAad(randomUUID()), getMasterKeys().all)).toThrow();
    const audit = await getDb().auditEvent.findMany({ where: { targetId: endpointId } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "webhook.created",
      "webhook.secret_rotated",
      "webhook.test_sent",
    ]);
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("whsec_");
    await hook.close();
  });

  it("gives what waited while an endpoint was disabled a fresh 24 hours when it is enabled again", async () => {
    const hook = await receiver([503]);
    const owner = await makeCustomer(getDb());
    const { id: endpointId } = await addEndpoint(owner.tenant.id, hook.url);
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const fields = { url: hook.url, description: "test receiver", eventTypes: [...ALL], actor: admin, ip: null };
    await endpoints.updateWebhookEndpoint(getDb(), { endpointId, enabled: false, ...fields });
    await getDb().$executeRaw`INSERT INTO connection_events (type, connection_id, tenant_id)
                              VALUES ('connection.warning', ${connectionId}::uuid, ${owner.tenant.id}::uuid)`;
    await notifyConnectionEvents(getDb()); // queued for nobody: the endpoint is disabled
    expect(await deliveries(endpointId)).toHaveLength(0);
    // A delivery that was pending when the endpoint was disabled, two days ago.
    await getDb().webhookDelivery.create({
      data: { endpointId, eventType: "webhook.test", body: "{}", giveUpAt: new Date(Date.now() - 86_400_000) },
    });
    await endpoints.updateWebhookEndpoint(getDb(), { endpointId, enabled: true, ...fields });
    // The first attempt (503) is not the last: it is retried, and delivered.
    await expect.poll(async () => (await deliveries(endpointId))[0]?.state, { timeout: 20_000 }).toBe("delivered");
    expect((await deliveries(endpointId))[0]!.attemptLog.map((a) => a.status)).toEqual([503, 200]);
    await hook.close();
  });

  it("queues nothing for a disabled endpoint or an event type it did not ask for", async () => {
    const hook = await receiver();
    const owner = await makeCustomer(getDb());
    const { id: disabledId } = await addEndpoint(owner.tenant.id, hook.url);
    const { id: onlyRenewedId } = await addEndpoint(owner.tenant.id, hook.url, ["certificate.renewed"]);
    await getDb().webhookEndpoint.update({ where: { id: disabledId }, data: { enabled: false } });
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    await getDb().$executeRaw`INSERT INTO connection_events (type, connection_id, tenant_id)
                              VALUES ('connection.warning', ${connectionId}::uuid, ${owner.tenant.id}::uuid)`;
    await notifyConnectionEvents(getDb());
    expect(await deliveries(disabledId)).toHaveLength(0);
    expect(await deliveries(onlyRenewedId)).toHaveLength(0);
    await hook.close();
  });
});
