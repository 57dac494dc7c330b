import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, uniqueName, uniqueIp } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { createInvitation } = await import("@/lib/invitations/create-invitation");
const { acceptInvitation, getInvitationByToken } = await import("@/lib/invitations/accept-invitation");
const { verifyPassword } = await import("@/lib/auth/password");

const PASSWORD = "a long enough password";

async function makeTenant() {
  const id = crypto.randomUUID();
  await getDb().tenant.create({ data: { id, name: uniqueName("Invited Co") } });
  return id;
}

const staff = { id: crypto.randomUUID(), email: "support@example.test" };

async function invite(tenantId: string, email = `invitee-${randomBytes(4).toString("hex")}@example.test`) {
  const invitation = await createInvitation({
    tenantId,
    email,
    actor: staff,
    ip: "198.51.100.4",
    baseUrl: "https://portal.example.test/",
  });
  const token = invitation.url.split("/invite/")[1]!;
  return { ...invitation, token };
}

describe("invitations", () => {
  let tenantId: string;
  beforeAll(async () => {
    tenantId = await makeTenant();
  });

  it("gives a 43-character base64url link, stores only its sha256, and keeps the token out of the audit log", async () => {
    const invitation = await invite(tenantId);
    expect(invitation.url).toMatch(/^https:\/\/portal\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(invitation.emailed).toBe("not_configured");
    const rows = await getDb().$queryRaw<{ row: string; token_hash: string; expires_at: Date }[]>`
      SELECT to_jsonb(i)::text AS row, token_hash, expires_at FROM invitations i WHERE id = ${invitation.id}::uuid`;
    expect(rows[0]!.token_hash).toBe(createHash("sha256").update(invitation.token).digest("hex"));
    expect(rows[0]!.row).not.toContain(invitation.token);
    const days = (rows[0]!.expires_at.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const audit = await getDb().$queryRaw<
      { row: string }[]
    >`SELECT to_jsonb(a)::text AS row FROM audit_events a WHERE target_id = ${invitation.id}`;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.row).toContain('"invitation.created"');
    expect(audit[0]!.row).not.toContain(invitation.token);
  });

  it("shows the tenant and email for a valid link, and the same 'invalid' for unknown and malformed ones", async () => {
    const invitation = await invite(tenantId);
    const state = await getInvitationByToken(invitation.token);
    expect(state).toMatchObject({
      state: "valid",
      email: invitation.email,
      tenantName: invitation.tenantName,
      accountExists: false,
    });
    expect(await getInvitationByToken(randomBytes(32).toString("base64url"))).toEqual({ state: "invalid" });
    expect(await getInvitationByToken("../../etc/passwd")).toEqual({ state: "invalid" });
  });

  it("creates exactly one customer when the form is submitted five times at once", async () => {
    const invitation = await invite(tenantId);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        acceptInvitation({ token: invitation.token, password: PASSWORD, ip: uniqueIp() }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? null : r.reason))).toEqual(["used", "used", "used", "used"]);
    const users = await getDb().user.findMany({
      where: { email: invitation.email },
      select: { role: true, tenantId: true, passwordHash: true },
    });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ role: "customer", tenantId });
    expect(users[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(users[0]!.passwordHash, PASSWORD)).toBe(true);
    expect(await getDb().auditEvent.count({ where: { action: "invitation.accepted", targetId: invitation.id } })).toBe(
      1,
    );
    expect(await getInvitationByToken(invitation.token)).toEqual({ state: "used" });
    expect(await acceptInvitation({ token: invitation.token, password: PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "used",
    });
  });

  it("refuses an expired link and creates no user", async () => {
    const invitation = await invite(tenantId);
    await getDb().invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getInvitationByToken(invitation.token)).toEqual({ state: "invalid" });
    expect(await acceptInvitation({ token: invitation.token, password: PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await getDb().user.count({ where: { email: invitation.email } })).toBe(0);
  });

  it("refuses to invite an email that already has an account", async () => {
    const { user } = await makeCustomer(getDb());
    await expect(invite(tenantId, user.email)).rejects.toThrow(/already has an account/);
  });

  it("leaves the invitation unused when its email got an account after the invitation was sent", async () => {
    const invitation = await invite(tenantId);
    await makeCustomer(getDb()).then(({ user }) =>
      getDb().user.update({ where: { id: user.id }, data: { email: invitation.email } }),
    );
    expect(await acceptInvitation({ token: invitation.token, password: PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "account_exists",
    });
    const row = await getDb().invitation.findUnique({ where: { id: invitation.id }, select: { acceptedAt: true } });
    expect(row?.acceptedAt).toBeNull();
  });
});

describe("invitations into a tenant by staff", () => {
  it("refuses support an address of their own email domain, says so on the field, and lets an admin send it", async () => {
    const tenantId = await makeTenant();
    const suffix = randomBytes(4).toString("hex");
    const support = { id: crypto.randomUUID(), email: `sam@acme-${suffix}.test`, role: "support" as const };
    const own = `mole@ACME-${suffix}.test`.toLowerCase();
    const attempt = createInvitation({ tenantId, email: own, actor: support, ip: null, baseUrl: "https://p.test/" });
    await expect(attempt).rejects.toMatchObject({
      code: "FORBIDDEN",
      fieldErrors: { email: expect.stringMatching(/^Invitations to your own email domain \(acme-\w+\.test\)/) },
    });
    expect(await getDb().invitation.count({ where: { email: own } })).toBe(0);

    const admin = { id: crypto.randomUUID(), email: `ada@acme-${suffix}.test`, role: "admin" as const };
    const byAdmin = await createInvitation({
      tenantId,
      email: own,
      actor: admin,
      ip: null,
      baseUrl: "https://p.test/",
    });
    const other = await createInvitation({
      tenantId,
      email: `someone@elsewhere-${suffix}.test`,
      actor: support,
      ip: "198.51.100.4",
      baseUrl: "https://p.test/",
    });
    // Each invitation is audited with the staff member who sent it.
    const audits = await getDb().auditEvent.findMany({
      where: { action: "invitation.created", targetId: { in: [byAdmin.id, other.id] } },
      select: { targetId: true, actorEmail: true, actorId: true },
    });
    expect(audits).toEqual(
      expect.arrayContaining([
        { targetId: byAdmin.id, actorEmail: admin.email, actorId: admin.id },
        { targetId: other.id, actorEmail: support.email, actorId: support.id },
      ]),
    );
  });
});
