import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { forTenant } = await import("@/lib/db/tenant");
const { createConnection } = await import("@/lib/connections/create-connection");
const { getConnection, listConnections } = await import("@/lib/connections/queries");

describe("tenant-scoped queries", () => {
  let a: Awaited<ReturnType<typeof makeCustomer>>;
  let b: Awaited<ReturnType<typeof makeCustomer>>;
  let bConnection: { id: string };

  beforeAll(async () => {
    a = await makeCustomer(getDb());
    b = await makeCustomer(getDb());
    bConnection = await makeConnection(getDb(), b.tenant.id, "B's production org");
  });

  it("finds nothing of another tenant by id, for reads, updates and deletes", async () => {
    const scoped = forTenant(getDb(), a.tenant.id);
    expect(await scoped.connection.findFirst({ where: { id: bConnection.id } })).toBeNull();
    expect(await scoped.connection.findUnique({ where: { id: bConnection.id } })).toBeNull();
    expect(await scoped.connection.count()).toBe(0);
    expect(
      (await scoped.connection.updateMany({ where: { id: bConnection.id }, data: { name: "hijacked" } })).count,
    ).toBe(0);
    await expect(
      scoped.connection.update({ where: { id: bConnection.id }, data: { name: "hijacked" } }),
    ).rejects.toThrow();
    expect((await scoped.connection.deleteMany({ where: { id: bConnection.id } })).count).toBe(0);
    const still = await getDb().connection.findUnique({ where: { id: bConnection.id }, select: { name: true } });
    expect(still?.name).toBe("B's production org");
    expect(await getConnection(a.tenant.id, bConnection.id)).toBeNull();
    expect((await listConnections(a.tenant.id)).map((c) => c.id)).not.toContain(bConnection.id);
  });

  it("creates in the session's tenant, and refuses data that names another tenant", async () => {
    const scoped = forTenant(getDb(), a.tenant.id);
    const id = randomUUID();
    await scoped.connection.create({ data: { id, tenantId: a.tenant.id, name: "own" } });
    const row = await getDb().connection.findUnique({ where: { id }, select: { tenantId: true } });
    expect(row?.tenantId).toBe(a.tenant.id);
    const smuggled = randomUUID();
    await expect(
      scoped.connection.create({ data: { id: smuggled, tenantId: b.tenant.id, name: "smuggled" } }),
    ).rejects.toThrow(/another tenant/);
    expect(await getDb().connection.findUnique({ where: { id: smuggled } })).toBeNull();
  });

  it("treats a malformed id as not found instead of a database error", async () => {
    expect(await getConnection(a.tenant.id, "../../etc/passwd")).toBeNull();
    expect(await getConnection(a.tenant.id, "1 OR 1=1")).toBeNull();
  });

  it("records an audit event for a new connection and refuses a duplicate name without a second row", async () => {
    const actor = { id: a.user.id, email: a.user.email };
    const { id } = await createConnection({ tenantId: a.tenant.id, name: "Audited org", actor, ip: "203.0.113.9" });
    const event = await getDb().auditEvent.findFirst({ where: { action: "connection.created", targetId: id } });
    expect(event).toMatchObject({
      actorId: a.user.id,
      actorEmail: a.user.email,
      tenantId: a.tenant.id,
      ip: "203.0.113.9",
    });
    await expect(createConnection({ tenantId: a.tenant.id, name: "Audited org", actor, ip: null })).rejects.toThrow(
      /already have a connection named/,
    );
    expect(await getDb().connection.count({ where: { tenantId: a.tenant.id, name: "Audited org" } })).toBe(1);
  });
});
