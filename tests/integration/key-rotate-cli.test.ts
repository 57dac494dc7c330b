import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

const url = setupTestEnvironment();
const { createDb } = await import("@/lib/db/client");
const { migrate } = await import("@/lib/db/migrate");
const { open, parseMasterKey, privateKeyAad, seal } = await import("@/lib/crypto/envelope");

// The CLI re-encrypts every row of its database, so it gets a database of its own on the same server.
const name = `rotate_${randomBytes(5).toString("hex")}`;
const ownUrl = Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};
let db: ReturnType<typeof createDb>;
beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  await migrate(ownUrl);
  db = createDb(ownUrl);
});
afterAll(async () => {
  await db.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), "rotate-"));
async function keyRotate(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: ownUrl, PORTAL_DATA_DIR: dataDir };
  delete env.PORTAL_MASTER_KEY;
  delete env.PORTAL_PREVIOUS_MASTER_KEYS;
  const cli = ["tsx", "--conditions=react-server", "scripts/rotate-master-key.ts", ...args];
  return promisify(execFile)("npx", cli, { env });
}

// A certificate row as a portal holding `key` as its current master key writes it.
async function storeKey(connectionId: string, tenantId: string, key: ReturnType<typeof parseMasterKey>) {
  const id = randomUUID();
  const secret = `private key ${id}`;
  await db.certificate.create({
    data: {
      id,
      connectionId,
      tenantId,
      subject: {},
      subjectText: "CN=x",
      serialHex: "01",
      fingerprintSha256: "00",
      keySize: 2048,
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
      certificatePem: "-",
      encryptedPrivateKey: seal(Buffer.from(secret), privateKeyAad(connectionId, id), key),
      requestToken: randomUUID(),
    },
  });
  return { id, secret, connectionId };
}

describe("npm run key:rotate on the embedded default", () => {
  it("keeps the retired key after --new-key, so keys a running portal still seals with it stay readable", async () => {
    const oldText = randomBytes(32).toString("base64");
    const old = parseMasterKey(oldText);
    writeFileSync(path.join(dataDir, "master.key"), `${oldText}\n`, { mode: 0o600 });
    const owner = await makeCustomer(db);
    const { id: connectionId } = await makeConnection(db, owner.tenant.id);
    const before = await storeKey(connectionId, owner.tenant.id, old);

    const rotated = await keyRotate("--new-key");
    expect(rotated.stdout).toMatch(/Restart every portal, then run: npm run key:rotate -- --drop-retired/);
    const freshText = readFileSync(path.join(dataDir, "master.key"), "utf8").trim();
    expect(freshText).not.toBe(oldText);
    expect(readFileSync(path.join(dataDir, "previous-master.keys"), "utf8")).toContain(oldText);

    // A portal started before the rotation still has the old key as its current one (a second connection: one
    // active certificate per connection).
    const during = await storeKey((await makeConnection(db, owner.tenant.id)).id, owner.tenant.id, old);

    await expect(keyRotate("--new-key", "--drop-retired")).rejects.toMatchObject({ code: 2 });
    const dropped = await keyRotate("--drop-retired");
    expect(dropped.stdout).toMatch(/re-encrypted 1 private key\(s\); 1 already used it/);
    expect(readFileSync(path.join(dataDir, "previous-master.keys"), "utf8").trim()).toBe("");
    const fresh = parseMasterKey(freshText);
    for (const { id, secret, connectionId: owning } of [before, during]) {
      const row = await db.certificate.findUniqueOrThrow({ where: { id }, select: { encryptedPrivateKey: true } });
      expect(open(row.encryptedPrivateKey!, privateKeyAad(owning, id), [fresh]).toString()).toBe(secret);
    }
  });
});
