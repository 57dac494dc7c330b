import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeReadyConnection, uniqueIp } from "../support/factories";
import { inOneWindow } from "../support/rate-windows";

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
const databaseUrl = setupTestEnvironment();
const { createDb, getDb } = await import("@/lib/db/client");
const { consumeRateLimit } = await import("@/lib/limits/rate-limit");
const { getAuthOptions } = await import("@/lib/auth/options");
const { SIGN_IN_LIMITS } = await import("@/lib/auth/sign-in-limits");
const { prepareTestRun, RUNS_PER_TENANT_PER_HOUR } = await import("@/lib/connections/run-connection-test");
const { createConnection } = await import("@/lib/connections/create-connection");

const PASSWORD = "correct horse battery"; // tests/support/factories.ts

afterAll(() => fake.close());

// The sign-in form's check, as next-auth calls it, from a given source address.
function signIn(email: string, password: string, ip: string | null, cookie?: string): Promise<unknown> {
  const provider = getAuthOptions().providers[0] as unknown as {
    options: { authorize: (credentials: unknown, request: unknown) => Promise<unknown> };
  };
  const headers = ip ? { "x-forwarded-for": ip, cookie } : { cookie };
  return provider.options.authorize({ email, password }, { headers });
}

// The cookie a browser gets after signing in as `email` (set by rememberDevice, read by isKnownDevice).
const knownDeviceCookie = (email: string) =>
  `portal-known-device=${createHmac("sha256", process.env.NEXTAUTH_SECRET!).update(`known-device:${email}`).digest("base64url")}`;

// A fresh source address per call: tests never share a source's allowance.
const randomIp = uniqueIp;
const failures = (email: string, reason: string) =>
  getDb().auditEvent.count({
    where: { action: "auth.sign_in_failed", targetId: email, details: { path: ["reason"], equals: reason } },
  });

describe("the PostgreSQL limiter", () => {
  it("lets exactly the limit through 50 parallel attempts from two portal instances", async () => {
    await inOneWindow(3600);
    const instances = [createDb(databaseUrl), createDb(databaseUrl)];
    try {
      const key = `test:${randomUUID()}`;
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => consumeRateLimit(instances[i % 2]!, key, 10, 3600)),
      );
      expect(decisions.filter((d) => d.ok)).toHaveLength(10);
      // The window's first refusal is reported once, so it can be audited once.
      expect(decisions.filter((d) => !d.ok && d.firstRefusal)).toHaveLength(1);
    } finally {
      await Promise.all(instances.map((db) => db.$disconnect()));
    }
  });
});

// Sign-in windows are fixed slots of PostgreSQL's clock (lib/limits/rate-limit.ts): a test that counts attempts
// across a slot's end sees a fresh window halfway and fails. Each starts with at least 30 s of its slot left.
describe("sign-in limits", () => {
  beforeEach(() => inOneWindow(SIGN_IN_LIMITS.windowSeconds));
  it("a burst of 50 wrong guesses from one address reaches password checking only up to the limit", async () => {
    const { user } = await makeCustomer(getDb());
    const ip = randomIp();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => signIn(user.email, "a wrong guess at it", ip)),
    );
    const checked = results.filter((r) => r.status === "fulfilled");
    expect(checked).toHaveLength(SIGN_IN_LIMITS.perIpAndAccount);
    expect(results.filter((r) => r.status === "rejected" && /RateLimited/.test(String(r.reason)))).toHaveLength(40);
    expect(await failures(user.email, "wrong_password")).toBe(SIGN_IN_LIMITS.perIpAndAccount);
    // The flood leaves one audit entry per limit it hit (the pair's and the address's), not forty.
    expect(await failures(user.email, "rate_limited")).toBe(2);
    // Even the right password waits out the window from that address…
    await expect(signIn(user.email, PASSWORD, ip)).rejects.toThrow("RateLimited");
    // …while its owner, elsewhere, signs in.
    expect(await signIn(user.email, PASSWORD, randomIp())).toMatchObject({ id: user.id });
  });

  it("a good password starts the count again for that address", async () => {
    const { user } = await makeCustomer(getDb());
    const ip = randomIp();
    for (let i = 0; i < 9; i++) expect(await signIn(user.email, "a typo in it", ip)).toBeNull();
    expect(await signIn(user.email, PASSWORD, ip)).toMatchObject({ id: user.id });
    for (let i = 0; i < 10; i++) expect(await signIn(user.email, "a typo in it", ip)).toBeNull();
    await expect(signIn(user.email, PASSWORD, ip)).rejects.toThrow("RateLimited");
  });

  it("one address guessing across many accounts is stopped at the per-address limit", async () => {
    const ip = randomIp();
    const emails = Array.from(
      { length: SIGN_IN_LIMITS.perIp + 5 },
      () => `nobody-${randomBytes(4).toString("hex")}@x.test`,
    );
    const results = await Promise.allSettled(emails.map((email) => signIn(email, "password guess", ip)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(SIGN_IN_LIMITS.perIp);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(5);
  });

  it("an account guessed from many addresses is capped overall, and no single address can reach that cap", async () => {
    const { user } = await makeCustomer(getDb());
    const sources = SIGN_IN_LIMITS.perAccount / SIGN_IN_LIMITS.perIpAndAccount;
    for (let s = 0; s < sources; s++) {
      const ip = randomIp();
      // Each address spends its whole allowance and more; only its own 10 count against the account.
      const burst = await Promise.allSettled(Array.from({ length: 15 }, () => signIn(user.email, "guess", ip)));
      expect(burst.filter((r) => r.status === "fulfilled")).toHaveLength(SIGN_IN_LIMITS.perIpAndAccount);
    }
    expect(await failures(user.email, "wrong_password")).toBe(SIGN_IN_LIMITS.perAccount);
    await expect(signIn(user.email, PASSWORD, randomIp())).rejects.toThrow("RateLimited");
    // The owner's own browser, which signed in before, passes the account's limit; another account's proof does not.
    await expect(signIn(user.email, PASSWORD, randomIp(), knownDeviceCookie("someone@else.test"))).rejects.toThrow(
      "RateLimited",
    );
    expect(await signIn(user.email, PASSWORD, randomIp(), knownDeviceCookie(user.email))).toMatchObject({
      id: user.id,
    });
  });

  it("without a known source address, guesses at other accounts never keep a user out (no shared bucket)", async () => {
    const owner = await makeCustomer(getDb());
    for (let i = 0; i < SIGN_IN_LIMITS.perIp + 5; i++) {
      const victim = await makeCustomer(getDb());
      expect(await signIn(victim.user.email, "guess", null)).toBeNull();
    }
    expect(await signIn(owner.user.email, PASSWORD, null)).toMatchObject({ id: owner.user.id });
  });

  it("an email with a NUL byte fails like a wrong one, without reaching the database", async () => {
    expect(await signIn("someone\u0000@example.test", PASSWORD, randomIp())).toBeNull();
  });
});

describe("Test connection's per-tenant limit", () => {
  it("12 parallel starts on 12 connections, with 25 runs in the last hour, start exactly 5", async () => {
    const busy = await makeCustomer(getDb());
    const connections: { id: string }[] = [];
    for (let i = 0; i < 12; i++) connections.push(await makeReadyConnection(getDb(), fake, busy.tenant.id));
    await getDb().testRun.createMany({
      data: Array.from({ length: RUNS_PER_TENANT_PER_HOUR - 5 }, () => ({
        id: randomUUID(),
        connectionId: connections[0]!.id,
        tenantId: busy.tenant.id,
        outcome: "failed" as const,
        startedAt: new Date(),
      })),
    });
    const user = { id: busy.user.id, email: busy.user.email, role: "customer" as const, tenantId: busy.tenant.id };
    const starts = await Promise.allSettled(
      connections.map((c) => prepareTestRun({ user, connectionId: c.id, ip: null })),
    );
    expect(starts.filter((s) => s.status === "fulfilled")).toHaveLength(5);
    const refused = starts.filter((s) => s.status === "rejected").map((s) => (s as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(7);
    expect(refused.every((e: { code?: string }) => e.code === "RATE_LIMITED")).toBe(true);
    // A refused start records nothing.
    expect(await getDb().testRun.count({ where: { tenantId: busy.tenant.id } })).toBe(RUNS_PER_TENANT_PER_HOUR);
  });
});

describe("the per-tenant connection cap", () => {
  it("20 parallel creates, 5 below the default cap of 50, create exactly 5 and say why the rest failed", async () => {
    const { tenant, user } = await makeCustomer(getDb());
    for (let i = 0; i < 45; i++) await makeConnection(getDb(), tenant.id);
    const actor = { id: user.id, email: user.email };
    const creates = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createConnection({ tenantId: tenant.id, name: `Org ${i}`, actor, ip: null }),
      ),
    );
    expect(creates.filter((c) => c.status === "fulfilled")).toHaveLength(5);
    const refusals = creates.filter((c) => c.status === "rejected").map((c) => (c as PromiseRejectedResult).reason);
    expect(refusals).toHaveLength(15);
    for (const error of refusals)
      expect(error).toMatchObject({
        code: "CONFLICT",
        fieldErrors: { name: "Your company has reached its limit of 50 connections. Ask support to raise it." },
      });
    expect(await getDb().connection.count({ where: { tenantId: tenant.id } })).toBe(50);
    expect(await getDb().auditEvent.count({ where: { action: "connection.created", tenantId: tenant.id } })).toBe(5);
  });
});
