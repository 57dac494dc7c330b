import { createHash, randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type * as PasswordModule from "@/lib/auth/password";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, uniqueName, uniqueIp } from "../support/factories";
import { inOneWindow } from "../support/rate-windows";

// Counts argon2 hashing: a link that is not valid must be turned away before it.
const hashed = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/auth/password", async (original) => {
  const real = await original<typeof PasswordModule>();
  return {
    ...real,
    hashPassword: async (password: string) => {
      hashed.count += 1;
      return real.hashPassword(password);
    },
  };
});

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { acceptInvitation } = await import("@/lib/invitations/accept-invitation");
const { resetPassword } = await import("@/lib/password-resets/reset-password");

const PASSWORD = "a long enough password";
const sha256 = (v: string) => createHash("sha256").update(v).digest("hex");
const ip = uniqueIp;

async function invitation(email: string, expiresInMs = 86_400_000, acceptedAt: Date | null = null) {
  const tenantId = randomUUID();
  await getDb().tenant.create({ data: { id: tenantId, name: uniqueName("Limits") } });
  const token = randomBytes(32).toString("base64url");
  await getDb().invitation.create({
    data: {
      id: randomUUID(),
      tenantId,
      email,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + expiresInMs),
      acceptedAt,
    },
  });
  return token;
}

async function resetLink(userId: string, expiresInMs = 3_600_000, usedAt: Date | null = null) {
  const token = randomBytes(32).toString("base64url");
  await getDb().passwordReset.create({
    data: { id: randomUUID(), userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + expiresInMs), usedAt },
  });
  return token;
}

describe("invitation acceptance attempts", () => {
  it("answers used, expired and unknown links without hashing the password", async () => {
    const before = hashed.count;
    const email = () => `x-${randomBytes(4).toString("hex")}@customer.test`;
    const used = await invitation(email(), 86_400_000, new Date());
    const expired = await invitation(email(), -1000);
    expect(await acceptInvitation({ token: used, password: PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: "used",
    });
    expect(await acceptInvitation({ token: expired, password: PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const unknown = randomBytes(32).toString("base64url");
    expect(await acceptInvitation({ token: unknown, password: PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(hashed.count).toBe(before);
  });

  it("allows 5 attempts per link in 15 minutes, then asks to wait", async () => {
    await inOneWindow(15 * 60);
    // An email that already has an account: each attempt fails after hashing, and the link stays unused.
    const { user } = await makeCustomer(getDb());
    const token = await invitation(user.email);
    for (let i = 0; i < 5; i++)
      expect(await acceptInvitation({ token, password: PASSWORD, ip: ip() })).toEqual({
        ok: false,
        reason: "account_exists",
      });
    const before = hashed.count;
    await expect(acceptInvitation({ token, password: PASSWORD, ip: ip() })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Too many attempts with this invitation link/),
    });
    expect(hashed.count).toBe(before);
  });

  it("allows 20 attempts per source IP an hour across links; an unknown IP is not one shared bucket", async () => {
    await inOneWindow(60 * 60);
    const from = uniqueIp();
    const tokens = await Promise.all(
      Array.from({ length: 21 }, () => invitation(`n-${randomBytes(5).toString("hex")}@customer.test`)),
    );
    const results = [];
    for (const token of tokens.slice(0, 20))
      results.push(await acceptInvitation({ token, password: PASSWORD, ip: from }));
    expect(results.every((r) => r.ok)).toBe(true);
    await expect(acceptInvitation({ token: tokens[20]!, password: PASSWORD, ip: from })).rejects.toMatchObject({
      code: "RATE_LIMITED",
    });
    expect(await acceptInvitation({ token: tokens[20]!, password: PASSWORD, ip: null })).toMatchObject({ ok: true });
  });
});

describe("password reset link use", () => {
  it("answers used and expired links without hashing the password", async () => {
    const { user } = await makeCustomer(getDb());
    const used = await resetLink(user.id, 3_600_000, new Date());
    const expired = await resetLink(user.id, -1000);
    const before = hashed.count;
    expect(await resetPassword({ token: used, password: PASSWORD, ip: ip() })).toEqual({ ok: false, reason: "used" });
    expect(await resetPassword({ token: expired, password: PASSWORD, ip: ip() })).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(hashed.count).toBe(before);
  });

  it("allows 20 uses per source IP an hour", async () => {
    await inOneWindow(60 * 60);
    const from = uniqueIp();
    const users = await Promise.all(Array.from({ length: 21 }, () => makeCustomer(getDb())));
    const tokens = await Promise.all(users.map((u) => resetLink(u.user.id)));
    for (const token of tokens.slice(0, 20))
      expect(await resetPassword({ token, password: PASSWORD, ip: from })).toMatchObject({ ok: true });
    await expect(resetPassword({ token: tokens[20]!, password: PASSWORD, ip: from })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Too many attempts with this link/),
    });
    const untouched = await getDb().passwordReset.findUniqueOrThrow({
      where: { tokenHash: sha256(tokens[20]!) },
      select: { usedAt: true },
    });
    expect(untouched.usedAt).toBeNull();
  });
});
