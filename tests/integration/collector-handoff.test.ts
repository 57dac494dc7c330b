import { beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeStaffUsers } from "../support/factories";

// The hand-off's server side as the pages and the browser call it: key export policy, the export route, token actions.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.60" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const tenantActions = await import("@/app/(staff)/support/tenants/actions");
const staffTokenActions = await import("@/app/(staff)/support/connections/[id]/actions");
const customerActions = await import("@/app/(portal)/connections/[id]/actions");
const exportsRoute = await import("@/app/api/connections/[id]/exports/route");

const CUSTOMER_PASSWORD = "correct horse battery";
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
async function as(userId: string | null) {
  if (!userId) return void (session.current = null);
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}
function postExport(connectionId: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const request = new Request(`http://portal.test/api/connections/${connectionId}/exports`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", host: "portal.test", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return exportsRoute.POST(request, { params: Promise.resolve({ id: connectionId }) });
}
const exportCount = (connectionId: string) =>
  getDb().auditEvent.count({ where: { action: "key.exported", targetId: connectionId } });

describe("collector hand-off", () => {
  let owner: Awaited<ReturnType<typeof makeCustomer>>;
  let outsider: Awaited<ReturnType<typeof makeCustomer>>;
  let connectionId: string;
  let support: { id: string };
  let admin: { id: string };

  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    outsider = await makeCustomer(getDb());
    connectionId = (await makeConnection(getDb(), owner.tenant.id)).id;
    ({ support, admin } = await makeStaffUsers());
  });

  it("only admins change the key export policy, and each real change is audited once", async () => {
    const set = (allowed: boolean) =>
      tenantActions.setKeyExportAllowedAction(
        null,
        form({ tenantId: owner.tenant.id, ...(allowed ? { allowed: "on" } : {}) }),
      );
    const changes = () =>
      getDb().auditEvent.findMany({
        where: { action: "tenant.key_export_changed", targetId: owner.tenant.id },
        orderBy: { id: "asc" },
        select: { details: true, actorId: true },
      });
    await as(support.id);
    expect(await set(true)).toMatchObject({ ok: false, error: "You do not have permission to do this." });
    await as(admin.id);
    expect(await set(true)).toMatchObject({ ok: true, message: expect.stringContaining("may now export") });
    expect(await set(true)).toMatchObject({ ok: true, message: "Nothing changed." });
    expect(await set(false)).toMatchObject({ ok: true });
    expect(await changes()).toEqual([
      { details: { allowed: true }, actorId: admin.id },
      { details: { allowed: false }, actorId: admin.id },
    ]);
  });

  it("the export route refuses outsiders, support, a disallowed tenant, a wrong password and a foreign origin, exporting nothing", async () => {
    const fields = { kind: "pem", accountPassword: CUSTOMER_PASSWORD, reason: "Install on siem-01" };
    await as(null);
    expect((await postExport(connectionId, fields)).status).toBe(401);
    await as(outsider.user.id);
    expect((await postExport(connectionId, { ...fields })).status).toBe(404);
    await as(support.id);
    expect((await postExport(connectionId, { ...fields, accountPassword: "support password 1" })).status).toBe(403);
    await as(owner.user.id);
    expect((await postExport(connectionId, fields)).status).toBe(403);

    await getDb().tenant.update({ where: { id: owner.tenant.id }, data: { keyExportAllowed: true } });
    const wrong = await postExport(connectionId, { ...fields, accountPassword: "not my password" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({
      fieldErrors: { accountPassword: expect.stringContaining("not your account password") },
    });
    const invalid = await postExport(connectionId, { ...fields, reason: "hm" });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ fieldErrors: { reason: expect.stringContaining("5 to 500") } });
    expect((await postExport(connectionId, fields, { origin: "https://evil.example" })).status).toBe(403);
    // The right password gets as far as the key: this connection has no certificate yet.
    const noKey = await postExport(connectionId, fields);
    expect(noKey.status).toBe(409);
    expect(await exportCount(connectionId)).toBe(0);
    await getDb().tenant.update({ where: { id: owner.tenant.id }, data: { keyExportAllowed: false } });
  });

  it("customers create tokens for their own tenant only while key export is allowed; admins for the connection's tenant", async () => {
    const fields = { connectionId, name: "siem-01", "scope:connections:read": "on" };
    await as(owner.user.id);
    expect(await customerActions.createApiTokenAction(null, form(fields))).toMatchObject({
      ok: false,
      error: expect.stringContaining("does not allow key export"),
    });
    await getDb().tenant.update({ where: { id: owner.tenant.id }, data: { keyExportAllowed: true } });
    const created = await customerActions.createApiTokenAction(null, form(fields));
    expect(created).toMatchObject({ ok: true, data: { name: "siem-01", token: expect.stringMatching(/^sfp_/) } });

    await as(support.id);
    expect(await staffTokenActions.createTenantApiTokenAction(null, form(fields))).toMatchObject({
      ok: false,
      error: "You do not have permission to do this.",
    });
    await as(admin.id);
    const staffMade = await staffTokenActions.createTenantApiTokenAction(
      null,
      form({ ...fields, name: "by-admin", expiresDays: "30" }),
    );
    expect(staffMade).toMatchObject({ ok: true });
    const tokens = await getDb().apiToken.findMany({
      where: { tenantId: owner.tenant.id },
      select: { id: true, name: true, expiresAt: true },
    });
    expect(tokens.map((t) => t.name).sort()).toEqual(["by-admin", "siem-01"]);

    // Another tenant's customer cannot revoke them; the owner can.
    const target = tokens.find((t) => t.name === "by-admin")!;
    await as(outsider.user.id);
    expect(await customerActions.revokeApiTokenAction(null, form({ connectionId, tokenId: target.id }))).toMatchObject({
      ok: false,
      error: "That API token does not exist.",
    });
    await as(owner.user.id);
    expect(await customerActions.revokeApiTokenAction(null, form({ connectionId, tokenId: target.id }))).toMatchObject({
      ok: true,
    });
    expect(
      (await getDb().apiToken.findUniqueOrThrow({ where: { id: target.id }, select: { revokedAt: true } })).revokedAt,
    ).not.toBeNull();
  });
});
