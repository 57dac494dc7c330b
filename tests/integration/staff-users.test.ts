import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// The session cookie is stood in for: getCurrentUser still checks the database on every call.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { createStaffUser } = await import("@/lib/users/create-staff-user");
const { changeStaffRole, setStaffDisabled } = await import("@/lib/users/update-staff-user");
const { setCustomerDisabled } = await import("@/lib/users/set-customer-disabled");
const { getCurrentUser } = await import("@/lib/auth/session");

const email = (role: string) => `${role}-${randomBytes(5).toString("hex")}@example.test`;

async function makeStaff(role: "support" | "admin") {
  return createStaffUser({
    email: email(role),
    password: "initial password 1",
    role,
    actor: { id: crypto.randomUUID(), email: "seed@example.test" },
    ip: null,
  });
}

async function signedInAs(userId: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}

const activeAdmins = () => getDb().user.count({ where: { role: "admin", disabledAt: null } });

describe("staff users", () => {
  let a: Awaited<ReturnType<typeof makeStaff>>;
  let b: Awaited<ReturnType<typeof makeStaff>>;

  // The "last admin" rule is global: start each test from exactly two active admins of its own.
  beforeEach(async () => {
    await getDb().user.updateMany({ where: { role: "admin", disabledAt: null }, data: { disabledAt: new Date() } });
    a = await makeStaff("admin");
    b = await makeStaff("admin");
  });

  it("creates a staff user with a hashed password, audits it, and refuses a duplicate email", async () => {
    const created = await makeStaff("support");
    const row = await getDb().user.findUniqueOrThrow({
      where: { id: created.id },
      select: { role: true, tenantId: true, passwordHash: true },
    });
    expect(row).toMatchObject({ role: "support", tenantId: null });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { action: "user.created", targetId: created.id },
      select: { details: true },
    });
    expect(JSON.stringify(audit.details)).not.toContain("initial password");
    await expect(
      createStaffUser({ email: created.email, password: "another password 1", role: "admin", actor: a, ip: null }),
    ).rejects.toThrow(/already exists/);
  });

  it("never lets two admins demote each other at the same time", async () => {
    const results = await Promise.allSettled([
      changeStaffRole({ userId: a.id, role: "support", actor: b, ip: null }),
      changeStaffRole({ userId: b.id, role: "support", actor: a, ip: null }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/last active admin/);
    expect(await activeAdmins()).toBe(1);
  });

  it("never lets a disable and a demotion at once remove both admins", async () => {
    const c = await makeStaff("support");
    const results = await Promise.allSettled([
      setStaffDisabled({ userId: a.id, disabled: true, actor: c, ip: null }),
      changeStaffRole({ userId: b.id, role: "support", actor: c, ip: null }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("refuses to disable or demote the last active admin, and refuses self-changes", async () => {
    await setStaffDisabled({ userId: b.id, disabled: true, actor: a, ip: null });
    const c = await makeStaff("support");
    await expect(setStaffDisabled({ userId: a.id, disabled: true, actor: c, ip: null })).rejects.toThrow(
      /last active admin/,
    );
    await expect(changeStaffRole({ userId: a.id, role: "support", actor: c, ip: null })).rejects.toThrow(
      /last active admin/,
    );
    await expect(setStaffDisabled({ userId: a.id, disabled: true, actor: a, ip: null })).rejects.toThrow(
      /your own account/,
    );
    await expect(changeStaffRole({ userId: a.id, role: "support", actor: a, ip: null })).rejects.toThrow(
      /your own role/,
    );
    expect(await activeAdmins()).toBe(1);
  });

  it("ends a staff user's open session when they are disabled or their role changes, and audits both", async () => {
    const support = await makeStaff("support");
    await signedInAs(support.id);
    expect((await getCurrentUser())?.role).toBe("support");
    await changeStaffRole({ userId: support.id, role: "admin", actor: a, ip: "192.0.2.8" });
    expect(await getCurrentUser()).toBeNull();
    await signedInAs(support.id);
    expect((await getCurrentUser())?.role).toBe("admin");
    await setStaffDisabled({ userId: support.id, disabled: true, actor: a, ip: "192.0.2.8" });
    expect(await getCurrentUser()).toBeNull();
    await setStaffDisabled({ userId: support.id, disabled: false, actor: a, ip: null });
    await signedInAs(support.id);
    expect(await getCurrentUser()).not.toBeNull();
    const actions = await getDb().auditEvent.findMany({
      where: { targetId: support.id },
      orderBy: { id: "asc" },
      select: { action: true, details: true, ip: true },
    });
    expect(actions.map((e) => e.action)).toEqual([
      "user.created",
      "user.role_changed",
      "user.disabled",
      "user.enabled",
    ]);
    expect(actions[1]).toMatchObject({ details: { from: "support", to: "admin" }, ip: "192.0.2.8" });
  });

  it("refuses customers through the staff functions (not found)", async () => {
    const { user } = await makeCustomer(getDb());
    await expect(changeStaffRole({ userId: user.id, role: "admin", actor: a, ip: null })).rejects.toThrow(
      /does not exist/,
    );
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } });
    expect(row.role).toBe("customer");
  });
});

describe("disabling a customer", () => {
  it("ends their open session at once, only within their tenant, and re-enabling lets a new session in", async () => {
    const { user, tenant } = await makeCustomer(getDb());
    const other = await makeCustomer(getDb());
    const actor = { id: crypto.randomUUID(), email: "support@example.test" };
    await signedInAs(user.id);
    expect((await getCurrentUser())?.tenantId).toBe(tenant.id);
    await expect(
      setCustomerDisabled({ tenantId: other.tenant.id, userId: user.id, disabled: true, actor, ip: null }),
    ).rejects.toThrow(/does not exist/);
    expect(await getCurrentUser()).not.toBeNull();
    await setCustomerDisabled({ tenantId: tenant.id, userId: user.id, disabled: true, actor, ip: null });
    expect(await getCurrentUser()).toBeNull();
    await setCustomerDisabled({ tenantId: tenant.id, userId: user.id, disabled: false, actor, ip: null });
    // The old cookie stays dead (its session version is stale); a fresh sign-in works.
    expect(await getCurrentUser()).toBeNull();
    await signedInAs(user.id);
    expect(await getCurrentUser()).not.toBeNull();
    const actions = await getDb().auditEvent.findMany({
      where: { targetId: user.id, action: { startsWith: "user." } },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(actions.map((e) => e.action)).toEqual(["user.created", "user.disabled", "user.enabled"]);
  });
});
