import { createHash, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, uniqueIp } from "../support/factories";
import { fakeSmtp, mailText } from "../support/fake-smtp";
import { inOneWindow } from "../support/rate-windows";

// The actions as the pages call them; only the cookie and Next's request context are stood in for.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.60" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

// A mail server that takes every recipient except the ones a test refuses.
const refused = new Set<string>();
const smtp = await fakeSmtp({ accept: (to) => !refused.has(to) });
process.env.SMTP_URL = smtp.url;
process.env.SMTP_FROM = "Portal <noreply@portal.test>";
process.env.NEXTAUTH_URL = "https://portal.example.test";
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { verifyPassword } = await import("@/lib/auth/password");
const { getCurrentUser } = await import("@/lib/auth/session");
const { createStaffUser } = await import("@/lib/users/create-staff-user");
const { requestPasswordReset, RESET_REQUEST_LIMITS } = await import("@/lib/password-resets/request-password-reset");
const { resetPassword, getPasswordResetByToken } = await import("@/lib/password-resets/reset-password");
const { PASSWORD_RESET_TTL_MS } = await import("@/lib/password-resets/issue-password-reset");
const { sendPasswordResetAction } = await import("@/app/(staff)/support/tenants/actions");
const { getAuthOptions } = await import("@/lib/auth/options");
const { SIGN_IN_LIMITS } = await import("@/lib/auth/sign-in-limits");

const NEW_PASSWORD = "a fresh password for reset";
const OLD_PASSWORD = "correct horse battery"; // tests/support/factories.ts
const BASE = "https://portal.example.test";
const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");
const randomIp = uniqueIp;

afterAll(async () => {
  await smtp.close();
  delete process.env.SMTP_URL;
  delete process.env.SMTP_FROM;
  delete process.env.NEXTAUTH_URL;
});

// Self-service mail leaves after the answer, so wait for it to arrive.
async function mailsTo(email: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const found = smtp.messages.filter((m) => m.to === email).map((m) => mailText(m.data));
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no mail to ${email}`);
}

function linkIn(text: string): { url: string; token: string } {
  const url = /https:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!url) throw new Error(`no reset link in: ${text}`);
  return { url, token: url.split("/reset-password/")[1]! };
}

async function emailedToken(email: string, nth = 1): Promise<string> {
  await requestPasswordReset({ email, ip: randomIp(), baseUrl: BASE });
  return linkIn((await mailsTo(email, nth))[nth - 1]!).token;
}

const resetCount = (userId?: string) => getDb().passwordReset.count({ where: userId ? { userId } : {} });

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

describe("self-service password reset", () => {
  it("answers an unknown or disabled email exactly like a real one, and writes no token for it", async () => {
    const { user } = await makeCustomer(getDb());
    const { user: disabled } = await makeCustomer(getDb());
    await getDb().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    const before = await resetCount();
    const answers = await Promise.all(
      [user.email, unknown, disabled.email].map((email) =>
        requestPasswordReset({ email, ip: randomIp(), baseUrl: BASE }),
      ),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toEqual({ ok: true, delivery: "email" });
    expect(await resetCount()).toBe(before + 1);
    expect(await resetCount(user.id)).toBe(1);
    await mailsTo(user.email);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.filter((m) => m.to === unknown || m.to === disabled.email)).toHaveLength(0);
    // Support can still see that someone asked.
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { action: "password_reset.requested", targetId: unknown },
      select: { details: true, targetType: true },
    });
    expect(audit).toEqual({ targetType: "email", details: { email: unknown, outcome: "no_eligible_account" } });
  });

  it("mails a single-use 1-hour link whose token is stored only as its sha256, never in the audit log", async () => {
    const { user } = await makeCustomer(getDb());
    const token = await emailedToken(user.email);
    const [row] = await getDb().$queryRaw<{ row: string; token_hash: string; expires_at: Date }[]>`
      SELECT to_jsonb(r)::text AS row, token_hash, expires_at FROM password_resets r WHERE user_id = ${user.id}::uuid`;
    expect(row!.token_hash).toBe(sha256(token));
    expect(row!.row).not.toContain(token);
    const minutes = (row!.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(PASSWORD_RESET_TTL_MS / 60_000);
    const audit = await getDb().$queryRaw<{ row: string }[]>`
      SELECT to_jsonb(a)::text AS row FROM audit_events a WHERE target_id = ${user.id}`;
    expect(audit.map((a) => a.row).join()).toContain("password_reset.requested");
    expect(audit.map((a) => a.row).join()).not.toContain(token);
    expect(await getPasswordResetByToken(token)).toMatchObject({ state: "valid", email: user.email });
  });

  it("a new link makes the older unused one stop working", async () => {
    const { user } = await makeCustomer(getDb());
    const first = await emailedToken(user.email, 1);
    const second = await emailedToken(user.email, 2);
    expect(first).not.toBe(second);
    expect(await getPasswordResetByToken(first)).toEqual({ state: "invalid" });
    expect(await resetPassword({ token: first, password: NEW_PASSWORD, ip: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await getPasswordResetByToken(second)).toMatchObject({ state: "valid" });
  });

  it("two uses at once: exactly one sets the password, bumps session_version once and ends the open session", async () => {
    const { user } = await makeCustomer(getDb());
    await as(user.id);
    expect(await getCurrentUser()).toMatchObject({ email: user.email });
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { sessionVersion: true },
    });
    const token = await emailedToken(user.email);
    const typed = [NEW_PASSWORD, "the other password typed"];
    const results = await Promise.all(typed.map((password) => resetPassword({ token, password, ip: "203.0.113.9" })));
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, email: user.email }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "used" }]);
    const after = await getDb().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { sessionVersion: true, passwordHash: true },
    });
    expect(after.sessionVersion).toBe(sessionVersion + 1);
    const winner = typed[results.findIndex((r) => r.ok)]!;
    const loser = typed.find((p) => p !== winner)!;
    expect(await verifyPassword(after.passwordHash, winner)).toBe(true);
    expect(await verifyPassword(after.passwordHash, loser)).toBe(false);
    expect(await verifyPassword(after.passwordHash, OLD_PASSWORD)).toBe(false);
    // The session that was open before the reset no longer counts.
    expect(await getCurrentUser()).toBeNull();
    expect(await getPasswordResetByToken(token)).toEqual({ state: "used" });
    expect(await resetPassword({ token, password: NEW_PASSWORD, ip: null })).toEqual({ ok: false, reason: "used" });
    const completed = await getDb().auditEvent.findMany({
      where: { action: "password_reset.completed", targetId: user.id },
      select: { actorId: true, ip: true },
    });
    expect(completed).toEqual([{ actorId: user.id, ip: "203.0.113.9" }]);
    await as(null);
  });

  it("an expired link says so and changes nothing", async () => {
    const { user } = await makeCustomer(getDb());
    const token = await emailedToken(user.email);
    await getDb().passwordReset.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await getPasswordResetByToken(token)).toEqual({ state: "expired" });
    expect(await resetPassword({ token, password: NEW_PASSWORD, ip: null })).toEqual({ ok: false, reason: "expired" });
    const { passwordHash } = await getDb().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { passwordHash: true },
    });
    expect(await verifyPassword(passwordHash, OLD_PASSWORD)).toBe(true);
    expect(await getPasswordResetByToken(randomBytes(32).toString("base64url"))).toEqual({ state: "invalid" });
    expect(await getPasswordResetByToken("../../etc/passwd")).toEqual({ state: "invalid" });
  });

  it("limits requests per email and per IP, and a refused request mails nothing", async () => {
    const { user } = await makeCustomer(getDb());
    const { perEmail, perIp, windowSeconds } = RESET_REQUEST_LIMITS;
    await inOneWindow(windowSeconds);
    for (let i = 0; i < perEmail; i++) {
      expect(await requestPasswordReset({ email: user.email, ip: randomIp(), baseUrl: BASE })).toMatchObject({
        ok: true,
      });
    }
    const limited = await requestPasswordReset({ email: user.email, ip: randomIp(), baseUrl: BASE });
    expect(limited).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
    await mailsTo(user.email, perEmail);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.filter((m) => m.to === user.email)).toHaveLength(perEmail);

    const ip = uniqueIp();
    const emails = Array.from(
      { length: perIp + 1 },
      (_, i) => `probe-${i}-${randomBytes(3).toString("hex")}@example.test`,
    );
    const answers = [];
    for (const email of emails) answers.push(await requestPasswordReset({ email, ip, baseUrl: BASE }));
    expect(answers.slice(0, perIp).every((a) => a.ok)).toBe(true);
    expect(answers[perIp]).toMatchObject({ ok: false });
  });
});

// The sign-in form's check, as next-auth calls it.
function signInCheck(email: string, password: string): Promise<unknown> {
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: (credentials: unknown, request: unknown) => Promise<unknown> };
  };
  return provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": "203.0.113.77" } });
}

describe("password reset and the sign-in lockout", () => {
  it("a customer locked out by failed guesses signs in with the new password right after resetting it", async () => {
    await inOneWindow(SIGN_IN_LIMITS.windowSeconds);
    const { user } = await makeCustomer(getDb());
    for (let i = 0; i < 10; i++) expect(await signInCheck(user.email, "a wrong guess at it")).toBeNull();
    await expect(signInCheck(user.email, OLD_PASSWORD)).rejects.toThrow("RateLimited");
    const token = await emailedToken(user.email);
    expect(await resetPassword({ token, password: NEW_PASSWORD, ip: null })).toMatchObject({ ok: true });
    expect(await signInCheck(user.email, NEW_PASSWORD)).toMatchObject({ id: user.id });
    // Guessing starts counting again from the reset.
    for (let i = 0; i < 10; i++) expect(await signInCheck(user.email, "a wrong guess at it")).toBeNull();
    await expect(signInCheck(user.email, NEW_PASSWORD)).rejects.toThrow("RateLimited");
  });
});

describe("staff-sent password reset", () => {
  let support: { id: string; email: string };
  let customer: Awaited<ReturnType<typeof makeCustomer>>;
  let other: Awaited<ReturnType<typeof makeCustomer>>;

  beforeAll(async () => {
    const seed = { id: randomUUID(), email: "seed@example.test" };
    support = await createStaffUser({
      email: `support-${randomBytes(4).toString("hex")}@example.test`,
      password: "support password 1",
      role: "support",
      actor: seed,
      ip: null,
    });
    customer = await makeCustomer(getDb());
    other = await makeCustomer(getDb());
  });

  const send = (tenantId: string, userId: string) => sendPasswordResetAction(null, form({ tenantId, userId }));

  it("is refused to customers and anonymous callers, and writes nothing", async () => {
    const before = await resetCount();
    await as(other.user.id);
    expect(await send(customer.tenant.id, customer.user.id)).toEqual({
      ok: false,
      error: "You do not have permission to do this.",
      values: { tenantId: customer.tenant.id, userId: customer.user.id },
    });
    await as(null);
    await expect(send(customer.tenant.id, customer.user.id)).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/sign-in/),
    });
    expect(await resetCount()).toBe(before);
  });

  it("reaches only a customer of the tenant named: another tenant's user or a staff account is not found", async () => {
    await as(support.id);
    const before = await resetCount();
    expect(await send(customer.tenant.id, other.user.id)).toMatchObject({
      ok: false,
      error: "This user does not exist in this tenant.",
    });
    expect(await send(customer.tenant.id, support.id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/does not exist/),
    });
    expect(await resetCount()).toBe(before);
    await as(null);
  });

  it("emails the link (and never shows it) when mail works, shows it once when mail fails, audits both", async () => {
    await as(support.id);
    const emailed = await send(customer.tenant.id, customer.user.id);
    expect(emailed).toMatchObject({ ok: true, data: { email: customer.user.email, emailed: "sent", url: null } });
    const { token } = linkIn((await mailsTo(customer.user.email)).at(-1)!);
    expect(await getPasswordResetByToken(token)).toMatchObject({ state: "valid" });

    refused.add(customer.user.email);
    const shown = await send(customer.tenant.id, customer.user.id);
    refused.delete(customer.user.email);
    expect(shown).toMatchObject({
      ok: true,
      data: { emailed: "failed", url: expect.stringContaining("/reset-password/") },
    });
    const url = shown?.ok ? shown.data!.url! : "";
    const second = url.split("/reset-password/")[1]!;
    // Only the newest link works, and it is the one shown.
    expect(await getPasswordResetByToken(token)).toEqual({ state: "invalid" });
    expect(await resetPassword({ token: second, password: NEW_PASSWORD, ip: null })).toMatchObject({ ok: true });

    const sent = await getDb().$queryRaw<{ actor_id: string; tenant_id: string; row: string }[]>`
      SELECT actor_id::text, tenant_id::text, to_jsonb(a)::text AS row FROM audit_events a
      WHERE action = 'password_reset.sent' AND target_id = ${customer.user.id} ORDER BY id`;
    expect(sent).toHaveLength(2);
    expect(sent.every((s) => s.actor_id === support.id && s.tenant_id === customer.tenant.id)).toBe(true);
    expect(sent.map((s) => s.row).join()).not.toContain(second);
    await as(null);
  });

  it("refuses a disabled customer", async () => {
    await as(support.id);
    await getDb().user.update({ where: { id: other.user.id }, data: { disabledAt: new Date() } });
    expect(await send(other.tenant.id, other.user.id)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is disabled/),
    });
    expect(await resetCount(other.user.id)).toBe(0);
    await as(null);
  });
});
