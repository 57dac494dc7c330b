import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const { downloadCertificate } = await import("@/lib/connections/download-certificate");
const { open, privateKeyAad } = await import("@/lib/crypto/envelope");
const { getMasterKeys } = await import("@/lib/crypto/master-keys");
const { publicKeyMatches } = await import("@/lib/crypto/certificate");

const request = {
  countryName: "US",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Acme Inc",
  commonName: "Acme Inc",
  validityDays: 365,
  keySize: 2048 as const,
};

describe("certificate generation and storage", () => {
  let owner: Awaited<ReturnType<typeof makeCustomer>>;
  let outsider: Awaited<ReturnType<typeof makeCustomer>>;
  let connectionId: string;

  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    outsider = await makeCustomer(getDb());
    connectionId = (await makeConnection(getDb(), owner.tenant.id)).id;
  });

  const actor = () => ({ id: owner.user.id, email: owner.user.email });
  const asSession = (c: typeof owner) => ({
    id: c.user.id,
    email: c.user.email,
    role: "customer" as const,
    tenantId: c.tenant.id,
    tenantName: c.tenant.name,
  });

  it("stores the key only as an envelope bound to its row, and audits the generation", async () => {
    const cert = await generateCertificateForConnection({
      tenantId: owner.tenant.id,
      connectionId,
      request,
      requestToken: "token-aaaaaaaaaaaaaaaa",
      actor: actor(),
      ip: null,
    });
    const row = await getDb().certificate.findUniqueOrThrow({ where: { id: cert.id } });
    expect(row.encryptedPrivateKey).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row.encryptedPrivateKey).not.toContain("PRIVATE KEY");
    const pem = open(row.encryptedPrivateKey!, privateKeyAad(connectionId, row.id), getMasterKeys().all).toString(
      "utf8",
    );
    expect(publicKeyMatches(row.certificatePem, pem)).toBe(true);
    // The same ciphertext under another row's identity does not open.
    expect(() =>
      open(row.encryptedPrivateKey!, privateKeyAad(connectionId, crypto.randomUUID()), getMasterKeys().all),
    ).toThrow();
    const connection = await getDb().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(connection.certificateExpiresAt?.getTime()).toBe(row.notAfter.getTime());
    const audit = await getDb().auditEvent.findFirst({ where: { action: "certificate.generated", targetId: cert.id } });
    expect(audit?.actorId).toBe(owner.user.id);
    expect(JSON.stringify(audit?.details)).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it("creates one key when the same form is submitted twice at once", async () => {
    const submit = () =>
      generateCertificateForConnection({
        tenantId: owner.tenant.id,
        connectionId,
        request,
        requestToken: "token-bbbbbbbbbbbbbbbb",
        actor: actor(),
        ip: null,
      });
    const [first, second] = await Promise.all([submit(), submit()]);
    expect(second.id).toBe(first.id);
    expect(await getDb().certificate.count({ where: { connectionId, requestToken: "token-bbbbbbbbbbbbbbbb" } })).toBe(
      1,
    );
  });

  it("refuses another tenant's connection and writes nothing", async () => {
    const before = await getDb().certificate.count();
    await expect(
      generateCertificateForConnection({
        tenantId: outsider.tenant.id,
        connectionId,
        request,
        requestToken: "token-cccccccccccccccc",
        actor: null,
        ip: null,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getDb().certificate.count()).toBe(before);
  });

  it("serves the certificate to its tenant only, auditing each download", async () => {
    const cert = await getDb().certificate.findFirstOrThrow({
      where: { connectionId },
      select: { id: true, certificatePem: true },
    });
    expect(await downloadCertificate(asSession(outsider), cert.id, null)).toBeNull();
    expect(await downloadCertificate(asSession(owner), cert.id, "198.51.100.7")).toBe(cert.certificatePem);
    const audits = await getDb().auditEvent.findMany({
      where: { action: "certificate.downloaded", targetId: cert.id },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: owner.user.id, ip: "198.51.100.7" });
  });
});
