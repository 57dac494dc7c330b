import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { forTenant } = await import("@/lib/db/tenant");
const { AppError } = await import("@/lib/errors");

// Each way a tenant-scoped client (or a careless raw write) could put a row into another tenant, and its refusal.

function certificateData(connectionId: string) {
  return {
    id: randomUUID(),
    connectionId,
    subject: { CN: "Acme" },
    subjectText: "CN=Acme",
    serialHex: "01",
    fingerprintSha256: "00".repeat(32),
    keySize: 2048,
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 86_400_000),
    certificatePem: "-----BEGIN CERTIFICATE-----",
    encryptedPrivateKey: "v1:test",
    requestToken: randomUUID(),
  };
}

describe("tenant keys: the scoped client and the schema refuse every cross-tenant write", () => {
  let a: { id: string };
  let b: { id: string };
  let aConnection: { id: string };
  let bConnection: { id: string };
  let bRunId: string;

  beforeAll(async () => {
    a = (await makeCustomer(getDb())).tenant;
    b = (await makeCustomer(getDb())).tenant;
    aConnection = await makeConnection(getDb(), a.id, "A's org");
    bConnection = await makeConnection(getDb(), b.id, "B's org");
    bRunId = randomUUID();
    await getDb().testRun.create({
      data: { id: bRunId, connectionId: bConnection.id, tenantId: b.id, outcome: "connected", summary: "B's run" },
    });
  });

  const childrenOfB = async () => ({
    certificates: await getDb().certificate.count({ where: { connectionId: bConnection.id } }),
    runs: await getDb().testRun.count({ where: { connectionId: bConnection.id } }),
  });

  it("answers not found when a scoped client creates a certificate or a test run under another tenant's connection", async () => {
    const scoped = forTenant(getDb(), a.id);
    const before = await childrenOfB();
    // With the scoped tenant written explicitly, and without it (forTenant fills it in): the composite key refuses both.
    for (const tenantId of [{ tenantId: a.id }, {}]) {
      const data = { ...certificateData(bConnection.id), ...tenantId } as Parameters<
        typeof scoped.certificate.create
      >[0]["data"];
      const certificate = scoped.certificate.create({ data });
      await expect(certificate).rejects.toThrow(AppError);
      await expect(certificate).rejects.toMatchObject({ code: "NOT_FOUND" });
      const run = scoped.testRun.create({
        data: { id: randomUUID(), connectionId: bConnection.id, ...tenantId } as never,
      });
      await expect(run).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    }
    const many = scoped.testRun.createMany({
      data: [{ id: randomUUID(), connectionId: bConnection.id, tenantId: a.id }],
    });
    await expect(many).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await childrenOfB()).toEqual(before);
  });

  it("creates children of the tenant's own connection, stamped with its tenant when the data leaves it out", async () => {
    const scoped = forTenant(getDb(), a.id);
    const data = certificateData(aConnection.id) as Parameters<typeof scoped.certificate.create>[0]["data"];
    const { id } = await scoped.certificate.create({ data, select: { id: true } });
    const row = await getDb().certificate.findUniqueOrThrow({ where: { id }, select: { tenantId: true } });
    expect(row.tenantId).toBe(a.id);
  });

  it("refuses a create that names another tenant, and writes nothing", async () => {
    const scoped = forTenant(getDb(), a.id);
    const id = randomUUID();
    await expect(scoped.connection.create({ data: { id, tenantId: b.id, name: "smuggled" } })).rejects.toThrow(
      /another tenant/,
    );
    await expect(
      scoped.connection.createMany({ data: [{ id: randomUUID(), tenantId: b.id, name: "smuggled 2" }] }),
    ).rejects.toThrow(/another tenant/);
    await expect(
      scoped.testRun.create({ data: { id: randomUUID(), connectionId: bConnection.id, tenantId: b.id } }),
    ).rejects.toThrow(/another tenant/);
    expect(await getDb().connection.count({ where: { name: { startsWith: "smuggled" } } })).toBe(0);
    expect(await getDb().connection.findUnique({ where: { id } })).toBeNull();
  });

  it("refuses an update, updateMany or upsert that would move a row to another tenant", async () => {
    const scoped = forTenant(getDb(), a.id);
    const where = { id: aConnection.id };
    await expect(scoped.connection.update({ where, data: { tenantId: b.id } })).rejects.toThrow(/another tenant/);
    await expect(scoped.connection.update({ where, data: { tenantId: { set: b.id } } })).rejects.toThrow(
      /another tenant/,
    );
    await expect(scoped.connection.updateMany({ where, data: { tenantId: b.id } })).rejects.toThrow(/another tenant/);
    await expect(
      scoped.connection.upsert({
        where,
        create: { id: aConnection.id, tenantId: a.id, name: "A's org" },
        update: { tenantId: b.id },
      }),
    ).rejects.toThrow(/another tenant/);
    const row = await getDb().connection.findUniqueOrThrow({ where, select: { tenantId: true, name: true } });
    expect(row).toEqual({ tenantId: a.id, name: "A's org" });
  });

  it("refuses nested relation writes, which the scope could not follow", async () => {
    const scoped = forTenant(getDb(), a.id);
    await expect(
      scoped.connection.create({ data: { id: randomUUID(), name: "via relation", tenant: { connect: { id: b.id } } } }),
    ).rejects.toThrow(/may not write "tenant"/);
    await expect(
      scoped.connection.update({
        where: { id: aConnection.id },
        data: { testRuns: { create: { id: randomUUID() } } },
      }),
    ).rejects.toThrow(/may not write "testRuns"/);
    await expect(
      scoped.testRun.updateMany({ data: { connection: { update: { name: "renamed" } } } } as never),
    ).rejects.toThrow(/may not write "connection"/);
    expect(await getDb().connection.count({ where: { name: "via relation" } })).toBe(0);
  });

  it("cannot touch another tenant's rows with updateMany or deleteMany, even by naming them", async () => {
    const scoped = forTenant(getDb(), a.id);
    const byConnection = { connectionId: bConnection.id };
    expect((await scoped.testRun.updateMany({ where: byConnection, data: { summary: "tampered" } })).count).toBe(0);
    expect((await scoped.testRun.updateMany({ where: { id: bRunId }, data: { summary: "tampered" } })).count).toBe(0);
    expect((await scoped.testRun.deleteMany({ where: { id: bRunId } })).count).toBe(0);
    await expect(scoped.testRun.update({ where: { id: bRunId }, data: { summary: "tampered" } })).rejects.toThrow();
    const run = await getDb().testRun.findUniqueOrThrow({ where: { id: bRunId }, select: { summary: true } });
    expect(run.summary).toBe("B's run");
  });

  it("refuses, in the database itself, a child whose tenant is not its connection's", async () => {
    const db = getDb();
    // The plain (unscoped) client, as a careless staff or script code path would use it.
    await expect(
      db.testRun.create({ data: { id: randomUUID(), connectionId: bConnection.id, tenantId: a.id } }),
    ).rejects.toMatchObject({ code: "P2003" });
    // Raw SQL, below Prisma.
    await expect(
      db.$executeRaw`INSERT INTO test_runs (id, connection_id, tenant_id) VALUES (${randomUUID()}::uuid, ${bConnection.id}::uuid, ${a.id}::uuid)`,
    ).rejects.toThrow(/test_runs_connection_id_tenant_id_fkey/);
    const cert = certificateData(bConnection.id);
    await expect(
      db.$executeRaw`INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex,
        fingerprint_sha256, key_size, not_before, not_after, certificate_pem, encrypted_private_key, request_token)
        VALUES (${cert.id}::uuid, ${bConnection.id}::uuid, ${a.id}::uuid, '{}', 'CN=x', '01', 'ff', 2048, now(), now(),
        'pem', 'sealed', 'token')`,
    ).rejects.toThrow(/certificates_connection_id_tenant_id_fkey/);
    // Re-pointing an existing run at another tenant fails the same way.
    await expect(
      db.$executeRaw`UPDATE test_runs SET tenant_id = ${a.id}::uuid WHERE id = ${bRunId}::uuid`,
    ).rejects.toThrow(/test_runs_connection_id_tenant_id_fkey/);
    expect(await childrenOfB()).toMatchObject({ certificates: 0, runs: 1 });
    const run = await db.testRun.findUniqueOrThrow({ where: { id: bRunId }, select: { tenantId: true } });
    expect(run.tenantId).toBe(b.id);
  });
});
