import { createPublicKey, randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";
import { waitUntilBootGone } from "../support/boot-lock";
import { inOneWindow } from "../support/rate-windows";

// A pool of 2 keys, refilled in the background after each draw: the pool's own behaviour is under test here.
process.env.KEY_POOL_SIZE = "2";
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { BOOT_LOCK_NAMESPACE } = await import("@/lib/db/boot-lock");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const { open, pooledKeyAad } = await import("@/lib/crypto/envelope");
const { getMasterKeys } = await import("@/lib/crypto/master-keys");
const { refillKeyPool } = await import("@/lib/crypto/key-pool");
const { getEnv } = await import("@/lib/env");

const request = {
  countryName: "US",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Acme Inc",
  commonName: "Acme Inc",
  validityDays: 365,
  keySize: 2048 as 2048 | 4096,
};

async function customerWithConnection() {
  const customer = await makeCustomer(getDb());
  const connection = await makeConnection(getDb(), customer.tenant.id);
  const generate = (overrides: Partial<typeof request> = {}, requestToken = `token-${randomUUID()}`) =>
    generateCertificateForConnection({
      tenantId: customer.tenant.id,
      connectionId: connection.id,
      request: { ...request, ...overrides },
      requestToken,
      actor: { id: customer.user.id, email: customer.user.email },
      ip: null,
    });
  const count = () => getDb().certificate.count({ where: { tenantId: customer.tenant.id } });
  return { customer, connection, generate, count };
}

const spki = (pem: string) => createPublicKey(pem).export({ type: "spki", format: "der" }).toString("base64");
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "created",
    (e: { code?: string }) => e.code ?? "error",
  );

async function hourlyUnitsUsed(tenantId: string): Promise<number> {
  const rows = await getDb().$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limits WHERE key = ${`certificates:${tenantId}`} ORDER BY window_start DESC LIMIT 1`;
  return rows[0]?.count ?? 0;
}

describe("certificate generation limits", () => {
  it("runs one generation per tenant at a time: a burst of 10 makes one certificate and refuses 9 with a reason", async () => {
    const { generate, count } = await customerWithConnection();
    const results = await Promise.all(Array.from({ length: 10 }, () => outcome(generate({ keySize: 4096 }))));
    expect(results.filter((r) => r === "created")).toHaveLength(1);
    expect(results.filter((r) => r === "CONFLICT")).toHaveLength(9);
    expect(await count()).toBe(1);
    await expect(generate({ keySize: 4096 })).resolves.toMatchObject({ keySize: 4096 }); // free again once done
  });

  it("shares the result of a double submit instead of refusing it", async () => {
    const { generate, count } = await customerWithConnection();
    const [first, second] = await Promise.all([
      generate({}, "token-same-form-twice"),
      generate({}, "token-same-form-twice"),
    ]);
    expect(second.id).toBe(first.id);
    expect(await count()).toBe(1);
  });

  it("refuses while another live portal instance generates for the tenant, and takes over once that process is gone", async () => {
    const { customer, generate, count } = await customerWithConnection();
    // Another instance: a process holding its boot lock, with a generation lease for this tenant.
    const otherBoot = randomUUID();
    const otherProcess = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await otherProcess.connect();
    await otherProcess.query("SELECT pg_advisory_lock($1, hashtext($2))", [BOOT_LOCK_NAMESPACE, otherBoot]);
    await getDb().generationLease.create({
      data: { tenantId: customer.tenant.id, holder: randomUUID(), bootId: otherBoot },
    });
    await expect(generate()).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already being generated/),
    });
    expect(await count()).toBe(0);

    await otherProcess.end(); // kill -9 of that instance: PostgreSQL drops its boot lock with the connection
    await waitUntilBootGone(getDb(), otherBoot);
    await expect(generate()).resolves.toBeTruthy();
    expect(await count()).toBe(1);
    expect(await getDb().generationLease.count({ where: { tenantId: customer.tenant.id } })).toBe(0);
  });

  it("treats a lease older than any generation as void, whatever its process", async () => {
    const { customer, generate } = await customerWithConnection();
    await getDb().generationLease.create({
      data: {
        tenantId: customer.tenant.id,
        holder: randomUUID(),
        bootId: null,
        startedAt: new Date(Date.now() - 11 * 60_000),
      },
    });
    await expect(generate()).resolves.toBeTruthy();
  });

  it("counts RSA-4096 as 4 of the hour's units, refuses past the limit with the wait, and spends nothing on a refusal", async () => {
    await inOneWindow(3600);
    const { customer, generate, count } = await customerWithConnection();
    const limit = getEnv().CERTIFICATES_PER_TENANT_PER_HOUR;
    await getDb().$executeRaw`
      INSERT INTO rate_limits (key, window_start, count)
      VALUES (${`certificates:${customer.tenant.id}`}, to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600), ${limit - 3})`;
    const refused = generate({ keySize: 4096 });
    await expect(refused).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(refused).rejects.toThrow(
      /RSA-4096 key counts as 4 of .* 3 are left this hour\. Choose RSA-2048, or try again in \d+ minutes?\./,
    );
    expect(await hourlyUnitsUsed(customer.tenant.id)).toBe(limit - 3);
    for (let i = 0; i < 3; i++) await generate();
    expect(await hourlyUnitsUsed(customer.tenant.id)).toBe(limit);
    await expect(generate()).rejects.toThrow(
      /used this hour's \d+ certificate generations .* Try again in \d+ minutes?/,
    );
    expect(await count()).toBe(3);
    expect(await hourlyUnitsUsed(customer.tenant.id)).toBe(limit);
  });
});

describe("the key pool", () => {
  it("keeps keys sealed and bound to their pool row, and gives each one to one certificate only", async () => {
    await refillKeyPool(getDb(), 2); // the background refill may add more meanwhile
    const pooled = await getDb().pooledKey.findMany();
    expect(pooled.length).toBeGreaterThanOrEqual(2);
    for (const row of pooled) {
      expect(row.encryptedPrivateKey).toMatch(/^v1:[0-9a-f]{8}:/);
      expect(row.encryptedPrivateKey).not.toContain("PRIVATE KEY");
      expect(() => open(row.encryptedPrivateKey, pooledKeyAad(randomUUID()), getMasterKeys().all)).toThrow();
    }
    const keyOf = (row: { id: string; encryptedPrivateKey: string }) =>
      spki(open(row.encryptedPrivateKey, pooledKeyAad(row.id), getMasterKeys().all).toString());
    const poolKeys = new Set(pooled.map(keyOf));

    // Six tenants at once against a small pool: some get pooled keys, the rest fresh ones, and no key serves twice.
    const tenants = await Promise.all(Array.from({ length: 6 }, () => customerWithConnection()));
    const certificates = await Promise.all(tenants.map((t) => t.generate()));
    const rows = await getDb().certificate.findMany({ where: { id: { in: certificates.map((c) => c.id) } } });
    const used = rows.map((row) => spki(row.certificatePem));
    expect(new Set(used).size).toBe(6);
    expect(used.filter((key) => poolKeys.has(key)).length).toBeGreaterThanOrEqual(2);
    const left = (await getDb().pooledKey.findMany()).map(keyOf);
    expect(left.filter((key) => used.includes(key))).toEqual([]);
  });

  it("is topped up in the background after a draw", async () => {
    const { generate } = await customerWithConnection();
    await generate();
    const deadline = Date.now() + 20_000;
    while ((await getDb().pooledKey.count()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await getDb().pooledKey.count()).toBe(2);
  });
});
