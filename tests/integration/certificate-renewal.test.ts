import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { generateTestCredentials } from "../fake-salesforce/test-credentials";
import { makeCustomer, makeReadyConnection, TEST_USERNAME } from "../support/factories";
import { inOneWindow } from "../support/rate-windows";

// Renewal without a gap, against the fake Salesforce (one certificate per app, as in Salesforce): README
// "Renewing a certificate".
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { renewCertificate } = await import("@/lib/connections/renew-certificate");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const { decryptPrivateKey } = await import("@/lib/connections/private-key");
const { destroyRetiredKeys } = await import("@/lib/connections/retired-keys");
const { restoreRetiredCertificate } = await import("@/lib/connections/restore-certificate");
const { getConnection } = await import("@/lib/connections/queries");
const { runConnectionTest } = await import("@/lib/salesforce/test-connection");
const { createApiToken } = await import("@/lib/api/tokens");
const privateKeyRoute = await import("@/app/api/v1/connections/[id]/private-key/route");

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const session = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
});

async function collectorFetch(connectionId: string, token: string, etag?: string) {
  return privateKeyRoute.GET(
    new Request(`http://portal.test/api/v1/connections/${connectionId}/private-key`, {
      headers: { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) },
    }),
    { params: Promise.resolve({ id: connectionId }) },
  );
}

const certificates = (connectionId: string) =>
  getDb().certificate.findMany({
    where: { connectionId },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, retiredAt: true, encryptedPrivateKey: true, certificatePem: true },
  });

afterAll(() => fake.close());

describe("certificate renewal without a gap", () => {
  let owner: Customer;
  let outsider: Customer;
  beforeAll(async () => {
    outsider = await makeCustomer(getDb());
  });
  // A fresh tenant per test: renewals spend the tenant's hourly certificate units like any generation.
  beforeEach(async () => {
    owner = await makeCustomer(getDb());
  });

  it("renews, keeps testing with the old key until Salesforce has the new certificate, then promotes it", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const clientId = (await getDb().connection.findUniqueOrThrow({ where: { id: conn.id } })).clientId!;
    const token = (
      await createApiToken(
        getDb(),
        {
          name: `collector ${randomUUID().slice(0, 6)}`,
          scopes: ["keys:read"],
          tenantId: owner.tenant.id,
          expiresDays: null,
        },
        null,
        null,
      )
    ).token;
    const before = await collectorFetch(conn.id, token);
    expect(before.status).toBe(200);
    const oldEtag = before.headers.get("etag")!;
    const oldPem = await before.text();
    expect(oldEtag).toBe(`"${conn.certificateId}"`);

    // 1. Renew: a pending certificate with a new key; the active one stays in use.
    const renewed = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    let rows = await certificates(conn.id);
    expect(rows.map((r) => r.status)).toEqual(["active", "pending"]);
    expect(rows[1]!.id).toBe(renewed.id);
    expect(rows[1]!.certificatePem).not.toBe(conn.certificatePem);
    // Same subject by default.
    const subjects = await getDb().certificate.findMany({
      where: { connectionId: conn.id },
      select: { subjectText: true },
    });
    expect(new Set(subjects.map((s) => s.subjectText)).size).toBe(1);
    // The collector still gets the old key: 304 on its ETag.
    expect((await collectorFetch(conn.id, token, oldEtag)).status).toBe(304);
    const page = await getConnection(owner.tenant.id, conn.id);
    expect(page?.certificates.find((c) => c.status === "pending")?.id).toBe(renewed.id);

    // 2. Salesforce still holds only the old certificate: the test passes with the old key, and says so.
    const stillOld = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(stillOld.outcome).toBe("connected");
    expect(stillOld.summary).toContain("accepted the current certificate, not the new one");
    rows = await certificates(conn.id);
    expect(rows.map((r) => r.status)).toEqual(["active", "pending"]);
    expect((await collectorFetch(conn.id, token, oldEtag)).status).toBe(304);

    // 3. The customer uploads the new server.crt to the app, replacing the old one.
    fake.addApp({
      clientId,
      certificatePem: rows[1]!.certificatePem,
      usernames: [TEST_USERNAME],
      acceptedAudiences: [fake.origin],
    });

    // 4. The test promotes the new key.
    const promoted = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(promoted.outcome).toBe("connected");
    expect(promoted.summary).toContain("Salesforce accepted the new certificate: it is now in use");
    rows = await certificates(conn.id);
    expect(rows.map((r) => r.status)).toEqual(["retired", "active"]);
    expect(rows[0]!.retiredAt).toBeInstanceOf(Date);
    expect(rows[0]!.encryptedPrivateKey).not.toBeNull(); // kept 7 days for rollback
    const connection = await getDb().connection.findUniqueOrThrow({ where: { id: conn.id } });
    const active = await getDb().certificate.findUniqueOrThrow({ where: { id: renewed.id } });
    expect(connection.certificateExpiresAt?.getTime()).toBe(active.notAfter.getTime());
    const audit = await getDb().auditEvent.findMany({
      where: { action: "certificate.renewed", targetId: renewed.id },
      select: { actorId: true, details: true },
    });
    expect(audit).toEqual([
      { actorId: owner.user.id, details: { connectionId: conn.id, previousCertificateId: conn.certificateId } },
    ]);
    // The notifier's event (lib/jobs/notify-task.ts): customers and staff hear the renewal is complete.
    const events = await getDb().connectionEvent.findMany({
      where: { connectionId: conn.id, type: "certificate.renewed" },
    });
    expect(events.map((e) => [e.certificateId, e.notifiedAt])).toEqual([[renewed.id, null]]);

    // The collector sees the new ETag and the new key only now.
    const after = await collectorFetch(conn.id, token, oldEtag);
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).toBe(`"${renewed.id}"`);
    const newPem = await after.text();
    expect(newPem).not.toBe(oldPem);
    expect(newPem).toBe(decryptPrivateKey(active.encryptedPrivateKey, conn.id, renewed.id));

    // 5. The old key is refused by Salesforce now.
    const fields = { instanceUrl: fake.origin, environment: "production" as const, clientId, username: TEST_USERNAME };
    const withOld = await runConnectionTest({ ...fields, privateKeyPem: oldPem }, { extraOrigins: [fake.origin] });
    expect(withOld.outcome).toBe("failed");
    expect(withOld.failedStep).toBe("token");
    const withNew = await runConnectionTest({ ...fields, privateKeyPem: newPem }, { extraOrigins: [fake.origin] });
    expect(withNew.outcome).toBe("connected");

    // The next test uses the active key alone and says nothing about a renewal.
    const plain = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(plain.outcome).toBe("connected");
    expect(plain.summary).not.toContain("certificate");
  });

  it("a second renewal replaces the pending certificate; a replacement retires both", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const first = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    const second = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      request: {
        countryName: "DE",
        stateOrProvince: "Berlin",
        locality: "Berlin",
        organizationName: "Acme GmbH",
        validityDays: 730,
        keySize: 2048,
      },
      requestToken: randomUUID(),
      ip: null,
    });
    const rows = await getDb().certificate.findMany({
      where: { connectionId: conn.id },
      select: { id: true, status: true, subjectText: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(conn.certificateId)?.status).toBe("active");
    expect(byId.get(first.id)?.status).toBe("retired");
    expect(byId.get(second.id)?.status).toBe("pending");
    expect(byId.get(second.id)?.subjectText).toContain("Acme GmbH");
    // The collector is unaffected by either renewal.
    const { loadActiveKey } = await import("@/lib/connections/key-export");
    expect((await loadActiveKey(conn.id, owner.tenant.id)).certificateId).toBe(conn.certificateId);

    // "Replace certificate" (active at once) retires both the active and the pending one.
    const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
    const replacement = await generateCertificateForConnection({
      tenantId: owner.tenant.id,
      connectionId: conn.id,
      request: {
        countryName: "US",
        stateOrProvince: "CA",
        locality: "SF",
        organizationName: "Acme",
        validityDays: 365,
        keySize: 2048,
      },
      requestToken: randomUUID(),
      actor: null,
      ip: null,
    });
    const after = await getDb().certificate.findMany({
      where: { connectionId: conn.id },
      select: { id: true, status: true },
    });
    expect(after.filter((r) => r.status !== "retired")).toEqual([{ id: replacement.id, status: "active" }]);
  });

  it("says when Salesforce accepts neither key, and falls back to the active key when the pending one cannot be opened", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const pending = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    const clientId = (await getDb().connection.findUniqueOrThrow({ where: { id: conn.id } })).clientId!;
    // The app holds a certificate of neither key (say, another app's upload by mistake).
    const stranger = generateTestCredentials();
    fake.addApp({
      clientId,
      certificatePem: stranger.certificatePem,
      usernames: [TEST_USERNAME],
      acceptedAudiences: [fake.origin],
    });
    const neither = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(neither.outcome).toBe("failed");
    expect(neither.summary).toContain("Salesforce accepted neither the new certificate nor the current one.");
    expect((await certificates(conn.id)).map((r) => r.status)).toEqual(["active", "pending"]);

    // Back to the old certificate in Salesforce, and a pending key no master key opens: the active key still works.
    fake.addApp({
      clientId,
      certificatePem: conn.certificatePem,
      usernames: [TEST_USERNAME],
      acceptedAudiences: [fake.origin],
    });
    const row = await getDb().certificate.findUniqueOrThrow({ where: { id: pending.id } });
    await getDb().certificate.update({
      where: { id: pending.id },
      data: { encryptedPrivateKey: row.encryptedPrivateKey!.replace(/:[^:]+$/, ":AAAAAAAAAAAAAAAAAAAAAA") },
    });
    const fallback = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(fallback.outcome).toBe("connected");
    expect(fallback.summary).toContain("accepted the current certificate, not the new one");
  });

  it("rolls back within the 7 days: a retired certificate restored as pending goes back into use at a test", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const clientId = (await getDb().connection.findUniqueOrThrow({ where: { id: conn.id } })).clientId!;
    const upload = (certificatePem: string) =>
      fake.addApp({ clientId, certificatePem, usernames: [TEST_USERNAME], acceptedAudiences: [fake.origin] });
    const renewed = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    upload((await getDb().certificate.findUniqueOrThrow({ where: { id: renewed.id } })).certificatePem);
    await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect((await certificates(conn.id)).map((r) => r.status)).toEqual(["retired", "active"]);

    await expect(
      restoreRetiredCertificate({ user: session(outsider), certificateId: conn.certificateId, ip: null }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      restoreRetiredCertificate({ user: session(owner), certificateId: renewed.id, ip: null }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await restoreRetiredCertificate({ user: session(owner), certificateId: conn.certificateId, ip: null });
    const restored = await certificates(conn.id);
    expect(restored.map((r) => [r.status, r.retiredAt])).toEqual([
      ["pending", null],
      ["active", null],
    ]);
    upload(conn.certificatePem);
    const back = await runTestForConnection({ user: session(owner), connectionId: conn.id, ip: null });
    expect(back.summary).toContain("Salesforce accepted the new certificate: it is now in use");
    expect((await certificates(conn.id)).map((r) => r.status)).toEqual(["active", "retired"]);

    // Once the key is destroyed there is nothing to roll back to.
    await getDb().certificate.update({
      where: { id: renewed.id },
      data: { retiredAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) },
    });
    await destroyRetiredKeys(getDb(), { connectionId: conn.id });
    await expect(
      restoreRetiredCertificate({ user: session(owner), certificateId: renewed.id, ip: null }),
    ).rejects.toThrow(/destroyed 7 days after it was retired/);
  });

  it("destroys a retired key older than 7 days, and only that one, with an audit entry", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const pending = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    const again = await renewCertificate({
      user: session(owner),
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    // `pending` is now retired: make it 8 days old, and check a fresh retirement is kept.
    await getDb().certificate.update({
      where: { id: pending.id },
      data: { retiredAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) },
    });
    expect(await destroyRetiredKeys(getDb(), { connectionId: conn.id, tenantId: outsider.tenant.id })).toBe(0);
    // A page load of the owner's connection destroys it.
    await getConnection(owner.tenant.id, conn.id);
    const destroyed = await getDb().certificate.findUniqueOrThrow({ where: { id: pending.id } });
    expect(destroyed.encryptedPrivateKey).toBeNull();
    expect(destroyed.keyDestroyedAt).toBeInstanceOf(Date);
    expect(destroyed.certificatePem).toContain("BEGIN CERTIFICATE"); // the public part and the history stay
    for (const id of [conn.certificateId, again.id]) {
      expect((await getDb().certificate.findUniqueOrThrow({ where: { id } })).encryptedPrivateKey).not.toBeNull();
    }
    expect(
      await getDb().auditEvent.count({ where: { action: "certificate.key_destroyed", targetId: pending.id } }),
    ).toBe(1);
    // Only a retired certificate may lose its key, whatever writes the row.
    await expect(
      getDb().certificate.update({ where: { id: again.id }, data: { encryptedPrivateKey: null } }),
    ).rejects.toThrow();
  });

  it("a customer cannot renew another tenant's connection; staff with certificates:renew-any can", async () => {
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    await expect(
      renewCertificate({ user: session(outsider), connectionId: conn.id, requestToken: randomUUID(), ip: null }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const support = { id: randomUUID(), email: "support@example.test", role: "support" as const, tenantId: null };
    const byStaff = await renewCertificate({
      user: support,
      connectionId: conn.id,
      requestToken: randomUUID(),
      ip: null,
    });
    expect((await getDb().certificate.findUniqueOrThrow({ where: { id: byStaff.id } })).status).toBe("pending");
    expect(await getDb().certificate.count({ where: { connectionId: conn.id } })).toBe(2);
  });

  it("goes through the generation limits: over the tenant's hourly units a renewal is refused and changes nothing", async () => {
    await inOneWindow(3600);
    const conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    // 1 unit spent by the first certificate; 11 renewals spend the rest of the default 12.
    for (let i = 0; i < 11; i++)
      await renewCertificate({ user: session(owner), connectionId: conn.id, requestToken: randomUUID(), ip: null });
    const before = await certificates(conn.id);
    await expect(
      renewCertificate({ user: session(owner), connectionId: conn.id, requestToken: randomUUID(), ip: null }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await certificates(conn.id)).toEqual(before);
  });
});
