import { beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeStaffUsers, uniqueName } from "../support/factories";

// The server actions exactly as the pages call them; only the cookie and Next's request context are stood in for.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.50" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const tenantActions = await import("@/app/(staff)/support/tenants/actions");
const staffActions = await import("@/app/(staff)/support/staff/actions");

const REFUSED = { ok: false, error: "You do not have permission to do this." };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

async function as(userId: string | null) {
  if (!userId) return void (session.current = null);
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}

// Everything a staff action could change, in one comparable value.
async function snapshot() {
  const db = getDb();
  const [tenants, invitations, users, audit] = await Promise.all([
    db.tenant.count(),
    db.invitation.count(),
    db.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, role: true, disabledAt: true, sessionVersion: true },
    }),
    db.auditEvent.count(),
  ]);
  return { tenants, invitations, users, audit };
}

describe("staff server actions refuse callers without the permission", () => {
  let customer: Awaited<ReturnType<typeof makeCustomer>>;
  let support: { id: string };
  let admin: { id: string };
  let victim: Awaited<ReturnType<typeof makeCustomer>>;

  beforeAll(async () => {
    customer = await makeCustomer(getDb());
    victim = await makeCustomer(getDb());
    ({ support, admin } = await makeStaffUsers());
  });

  const calls = () => ({
    createTenant: () => tenantActions.createTenantAction(null, form({ name: uniqueName("Sneaky") })),
    inviteCustomer: () =>
      tenantActions.inviteCustomerAction(
        null,
        form({ tenantId: victim.tenant.id, email: "attacker@customer.example.test" }),
      ),
    disableCustomer: () =>
      tenantActions.setCustomerDisabledAction(
        null,
        form({ tenantId: victim.tenant.id, userId: victim.user.id, disabled: "true" }),
      ),
    createStaff: () =>
      staffActions.createStaffUserAction(
        null,
        form({ email: "rogue@example.test", password: "rogue password 12", role: "admin" }),
      ),
    disableStaff: () => staffActions.setStaffDisabledAction(null, form({ userId: admin.id, disabled: "true" })),
    changeRole: () => staffActions.changeStaffRoleAction(null, form({ userId: support.id, role: "admin" })),
  });

  it("a customer is refused by every staff action and nothing changes", async () => {
    await as(customer.user.id);
    const before = await snapshot();
    for (const [name, call] of Object.entries(calls())) {
      expect(await call(), name).toMatchObject(REFUSED);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a support user is refused by the admin-only actions and nothing changes", async () => {
    await as(support.id);
    const before = await snapshot();
    const { createStaff, disableStaff, changeRole } = calls();
    for (const call of [createStaff, disableStaff, changeRole]) expect(await call()).toMatchObject(REFUSED);
    expect(await snapshot()).toEqual(before);
  });

  it("an anonymous caller is sent to sign-in before anything runs", async () => {
    await as(null);
    const before = await snapshot();
    for (const call of Object.values(calls())) {
      await expect(call()).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/sign-in/) });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("the same calls succeed for the roles that hold the permission (the refusals above are not a broken test)", async () => {
    await as(support.id);
    const invited = await calls().inviteCustomer();
    expect(invited).toMatchObject({ ok: true, data: { email: "attacker@customer.example.test" } });
    // Support's own domain (example.test) is refused on the field; the form keeps the address typed.
    const own = await tenantActions.inviteCustomerAction(
      null,
      form({ tenantId: victim.tenant.id, email: "colleague@example.test" }),
    );
    expect(own).toMatchObject({
      ok: false,
      fieldErrors: {
        email: expect.stringContaining("Invitations to your own email domain (example.test) are refused"),
      },
      values: { email: "colleague@example.test" },
    });
    expect(await calls().disableCustomer()).toMatchObject({ ok: true });
    await expect(calls().createTenant()).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/support\/tenants\//),
    });
    await as(admin.id);
    expect(await calls().changeRole()).toMatchObject({ ok: true });
    const event = await getDb().auditEvent.findFirstOrThrow({
      where: { action: "user.role_changed", targetId: support.id },
      select: { ip: true, actorId: true },
    });
    expect(event).toEqual({ ip: "203.0.113.50", actorId: admin.id });
  });
});
