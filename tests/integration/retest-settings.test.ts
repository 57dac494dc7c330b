import { describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeStaffUsers } from "../support/factories";

// The interval forms' actions as the pages call them: admins set a tenant's, support a connection's; each real
// change is audited once.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.51" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const tenantActions = await import("@/app/(staff)/support/tenants/actions");
const connectionActions = await import("@/app/(staff)/support/connections/[id]/actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function as(userId: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}

describe("re-test intervals", () => {
  it("lets admins, not support, set a tenant's interval, audited once per change", async () => {
    const { support, admin } = await makeStaffUsers();
    const { tenant } = await makeCustomer(getDb());
    const submit = (interval: string) =>
      tenantActions.setTenantRetestIntervalAction(null, form({ tenantId: tenant.id, interval }));

    await as(support.id);
    expect(await submit("h1")).toMatchObject({ ok: false, error: "You do not have permission to do this." });
    await as(admin.id);
    expect(await submit("h6")).toMatchObject({ ok: true, message: expect.stringContaining("every 6 hours") });
    expect(await submit("h6")).toMatchObject({ ok: true, message: "Nothing changed." });
    expect(await submit("weekly")).toMatchObject({ ok: false });
    const saved = await getDb().tenant.findUniqueOrThrow({
      where: { id: tenant.id },
      select: { retestInterval: true },
    });
    expect(saved.retestInterval).toBe("h6");
    const audits = await getDb().auditEvent.findMany({
      where: { action: "tenant.retest_interval_changed", targetId: tenant.id },
    });
    expect(audits.map((a) => [a.actorId, a.details])).toEqual([[admin.id, { interval: "h6" }]]);
  });

  it("lets support override a connection's interval and hand it back to the tenant's", async () => {
    const { support } = await makeStaffUsers();
    const { tenant } = await makeCustomer(getDb());
    const { id } = await makeConnection(getDb(), tenant.id);
    const submit = (interval: string) =>
      connectionActions.setConnectionRetestIntervalAction(null, form({ connectionId: id, interval }));
    const stored = async () =>
      (await getDb().connection.findUniqueOrThrow({ where: { id }, select: { retestInterval: true } })).retestInterval;

    await as(support.id);
    expect(await submit("off")).toMatchObject({ ok: true });
    expect(await stored()).toBe("off");
    expect(await submit("tenant")).toMatchObject({
      ok: true,
      message: expect.stringContaining("the tenant's interval"),
    });
    expect(await stored()).toBeNull();
    expect(await submit("tenant")).toMatchObject({ ok: true, message: "Nothing changed." });
    const audits = await getDb().auditEvent.findMany({
      where: { action: "connection.retest_interval_changed", targetId: id },
      orderBy: { id: "asc" },
    });
    expect(audits.map((a) => a.details)).toEqual([{ interval: "off" }, { interval: "tenant" }]);
  });
});
