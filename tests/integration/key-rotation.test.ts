import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const { open, parseMasterKey, privateKeyAad, webhookSecretAad } = await import("@/lib/crypto/envelope");
const { getMasterKeys } = await import("@/lib/crypto/master-keys");
const { reencryptPrivateKeys, reencryptWebhookSecrets } = await import("@/lib/crypto/rotate");
const { createWebhookEndpoint, rotateWebhookSecret } = await import("@/lib/webhooks/endpoints");

const request = {
  countryName: "US",
  stateOrProvince: "CA",
  locality: "SF",
  organizationName: "Rotate",
  commonName: "Rotate",
  validityDays: 30,
  keySize: 2048 as const,
};

describe("master key rotation", () => {
  it("re-seals every key under the new master key, keeps the keys themselves, and can be run again", async () => {
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeConnection(getDb(), owner.tenant.id);
    // One after the other: a tenant generates one certificate at a time.
    const certs = [];
    for (let i = 0; i < 2; i++)
      certs.push(
        await generateCertificateForConnection({
          tenantId: owner.tenant.id,
          connectionId,
          request,
          requestToken: randomUUID(),
          actor: null,
          ip: null,
        }),
      );
    const old = getMasterKeys().current;
    const fresh = parseMasterKey(randomBytes(32).toString("base64"));
    const before = await getDb().certificate.findMany({
      where: { connectionId },
      select: { id: true, encryptedPrivateKey: true },
    });
    const plain = new Map(
      before.map((r) => [r.id, open(r.encryptedPrivateKey!, privateKeyAad(connectionId, r.id), old).toString()]),
    );

    // Other test files' rows share this database; some are deliberately corrupted. Judge only this test's rows.
    const mine = (failed: { certificateId: string }[]) => failed.filter((f) => plain.has(f.certificateId));
    const first = await reencryptPrivateKeys(getDb(), fresh, [fresh, old]);
    expect(mine(first.failed)).toEqual([]);
    expect(first.reencrypted).toBeGreaterThanOrEqual(2);
    const after = await getDb().certificate.findMany({
      where: { connectionId },
      select: { id: true, encryptedPrivateKey: true },
    });
    for (const row of after) {
      expect(row.encryptedPrivateKey!.startsWith(`v1:${fresh.id}:`)).toBe(true);
      expect(open(row.encryptedPrivateKey!, privateKeyAad(connectionId, row.id), fresh).toString()).toBe(
        plain.get(row.id),
      );
      expect(() => open(row.encryptedPrivateKey!, privateKeyAad(connectionId, row.id), old)).toThrow();
    }
    const again = await reencryptPrivateKeys(getDb(), fresh, [fresh, old]);
    expect(again.reencrypted).toBe(0);
    expect(again.alreadyCurrent).toBeGreaterThanOrEqual(certs.length);

    // Back to the environment's key, so the other test files keep working.
    const back = await reencryptPrivateKeys(getDb(), old, [old, fresh]);
    expect(mine(back.failed)).toEqual([]);
  });

  it("reports a key no known master key opens, and leaves it untouched", async () => {
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeConnection(getDb(), owner.tenant.id);
    const cert = await generateCertificateForConnection({
      tenantId: owner.tenant.id,
      connectionId,
      request,
      requestToken: randomUUID(),
      actor: null,
      ip: null,
    });
    const stranger = parseMasterKey(randomBytes(32).toString("base64"));
    const { encryptedPrivateKey } = await getDb().certificate.findUniqueOrThrow({ where: { id: cert.id } });
    const result = await reencryptPrivateKeys(getDb(), parseMasterKey(randomBytes(32).toString("base64")), [stranger]);
    expect(result.failed.map((f) => f.certificateId)).toContain(cert.id);
    expect(result.failed.every((f) => !/PRIVATE KEY/.test(f.reason))).toBe(true);
    expect((await getDb().certificate.findUniqueOrThrow({ where: { id: cert.id } })).encryptedPrivateKey).toBe(
      encryptedPrivateKey,
    );
    await getDb().connection.delete({ where: { id: connectionId } });
  });

  it("re-seals webhook signing secrets, the previous one of a rotation too, so webhooks keep their signatures", async () => {
    const owner = await makeCustomer(getDb());
    const actor = { id: null, email: "admin@portal.test" };
    const { id: endpointId } = await createWebhookEndpoint(getDb(), {
      tenantId: owner.tenant.id,
      url: "https://hooks.example.com/portal",
      description: "",
      eventTypes: ["connection.failed"],
      actor,
      ip: null,
      resolve: async () => [{ address: "93.184.216.34", family: 4 }],
    });
    const { secret } = await rotateWebhookSecret(getDb(), { endpointId, actor, ip: null });
    const old = getMasterKeys().current;
    const fresh = parseMasterKey(randomBytes(32).toString("base64"));
    const row = () => getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    const previous = open((await row()).previousSecretSealed!, webhookSecretAad(endpointId), old).toString();

    const result = await reencryptWebhookSecrets(getDb(), fresh, [fresh, old]);
    expect(result.failed.filter((f) => f.endpointId === endpointId)).toEqual([]);
    const after = await row();
    expect(after.secretSealed.startsWith(`v1:${fresh.id}:`)).toBe(true);
    expect(after.previousSecretSealed!.startsWith(`v1:${fresh.id}:`)).toBe(true);
    expect(open(after.secretSealed, webhookSecretAad(endpointId), fresh).toString()).toBe(secret);
    expect(open(after.previousSecretSealed!, webhookSecretAad(endpointId), fresh).toString()).toBe(previous);
    expect((await reencryptWebhookSecrets(getDb(), fresh, [fresh, old])).reencrypted).toBe(0);

    // Back to the environment's key, so the other test files keep working.
    await reencryptWebhookSecrets(getDb(), old, [old, fresh]);
    await getDb().webhookEndpoint.delete({ where: { id: endpointId } });
  });
});
