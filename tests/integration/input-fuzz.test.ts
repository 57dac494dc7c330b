import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection, makeStaffUsers } from "../support/factories";

// Bad input, generated: every form field of every server action, and every query parameter and body of the route
// handlers, gets malformed values (NUL and other control characters, oversized text, wrong types). Expected: no
// exception and no 5xx, an answer that says what is wrong, and not one row changed.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.70" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { createApiToken } = await import("@/lib/api/tokens");
const portal = await import("@/app/(portal)/connections/actions");
const connection = await import("@/app/(portal)/connections/[id]/actions");
const tenants = await import("@/app/(staff)/support/tenants/actions");
const staff = await import("@/app/(staff)/support/staff/actions");
const staffConnection = await import("@/app/(staff)/support/connections/[id]/actions");
const jobs = await import("@/app/(staff)/support/jobs/actions");
const invite = await import("@/app/(auth)/invite/[token]/actions");
const reset = await import("@/app/(auth)/reset-password/[token]/actions");
const forgot = await import("@/app/(auth)/forgot-password/actions");
const settings = await import("@/app/(portal)/settings/actions");
const v1List = await import("@/app/api/v1/connections/route");
const v1One = await import("@/app/api/v1/connections/[id]/route");
const v1Config = await import("@/app/api/v1/connections/[id]/collector-config/route");
const v1Keystores = await import("@/app/api/v1/connections/[id]/keystores/route");
const v1Key = await import("@/app/api/v1/connections/[id]/private-key/route");
const v1Tests = await import("@/app/api/v1/connections/[id]/tests/route");
const v1Vend = await import("@/app/api/v1/connections/[id]/access-token/route");
const certificates = await import("@/app/api/connections/[id]/certificates/route");
const download = await import("@/app/api/certificates/[id]/download/route");
const salesforceBundle = await import("@/app/api/connections/[id]/salesforce-bundle/route");

afterAll(() => fake.close());

// Always malformed: a value with a control character in it, or one far past any field's limit.
const malformed = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => `${s}\u0000`),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom("\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\u2028"))
    // Inside the text: trimming removes a leading or trailing line separator, which is fine.
    .map(([s, c]) => `x${c}x${s}`),
  fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.repeat(Math.ceil(20_000 / s.length))),
  fc.constantFrom("\u0000", "%00\u0000", "1e309\u0000", "-1\u0007", "NaN\u0000", "\uD800\u0000", "<script>\u0000"),
);
const VALUES = fc.sample(malformed, { numRuns: 220, seed: 20261130 });

type Action = (previous: unknown, form: FormData) => Promise<{ ok: boolean; error?: string }>;
const ACTIONS: [string, Action, string[], "customer" | "admin" | "public"][] = [
  ["createConnection", portal.createConnectionAction as never, ["name"], "customer"],
  [
    "generateCertificate",
    portal.generateCertificateAction as never,
    ["connectionId", "requestToken", "countryName", "stateOrProvince", "locality", "organizationName"].concat([
      "organizationalUnit",
      "commonName",
      "email",
      "validityDays",
      "keySize",
    ]),
    "customer",
  ],
  [
    "renewCertificate",
    portal.renewCertificateAction as never,
    ["connectionId", "requestToken", "countryName", "stateOrProvince", "locality", "organizationName", "keySize"],
    "customer",
  ],
  [
    "saveSalesforceFields",
    connection.saveSalesforceFieldsAction as never,
    ["connectionId", "username", "clientId", "apiVersion", "clientIdShown"],
    "customer",
  ],
  [
    "saveMyDomain",
    connection.saveMyDomainAction as never,
    ["connectionId", "instanceUrl", "environment", "myDomainOnly"],
    "customer",
  ],
  ["setChecklistStep", connection.setChecklistStepAction as never, ["connectionId", "step", "done"], "customer"],
  ["restoreCertificate", connection.restoreCertificateAction as never, ["connectionId", "certificateId"], "customer"],
  ["createApiToken", connection.createApiTokenAction as never, ["connectionId", "name", "expiresDays"], "customer"],
  ["revokeApiToken", connection.revokeApiTokenAction as never, ["connectionId", "tokenId"], "customer"],
  ["saveNotificationSettings", settings.saveNotificationSettingsAction as never, ["notifyByEmail"], "customer"],
  ["createTenant", tenants.createTenantAction as never, ["name"], "admin"],
  ["inviteCustomer", tenants.inviteCustomerAction as never, ["tenantId", "email"], "admin"],
  ["setCustomerDisabled", tenants.setCustomerDisabledAction as never, ["tenantId", "userId", "disabled"], "admin"],
  ["setKeyExportAllowed", tenants.setKeyExportAllowedAction as never, ["tenantId", "allowed"], "admin"],
  ["sendPasswordReset", tenants.sendPasswordResetAction as never, ["tenantId", "userId"], "admin"],
  ["createStaffUser", staff.createStaffUserAction as never, ["email", "password", "role"], "admin"],
  ["setStaffDisabled", staff.setStaffDisabledAction as never, ["userId", "disabled"], "admin"],
  ["changeStaffRole", staff.changeStaffRoleAction as never, ["userId", "role"], "admin"],
  ["createTenantApiToken", staffConnection.createTenantApiTokenAction as never, ["connectionId", "name"], "admin"],
  ["revokeTenantApiToken", staffConnection.revokeTenantApiTokenAction as never, ["connectionId", "tokenId"], "admin"],
  [
    "renewCertificateStaff",
    staffConnection.renewCertificateStaffAction as never,
    ["connectionId", "requestToken"],
    "admin",
  ],
  ["setTenantRetestInterval", tenants.setTenantRetestIntervalAction as never, ["tenantId", "interval"], "admin"],
  [
    "setConnectionRetestInterval",
    staffConnection.setConnectionRetestIntervalAction as never,
    ["connectionId", "interval"],
    "admin",
  ],
  ["retryJob", jobs.retryJobAction as never, ["jobId"], "admin"],
  ["discardJob", jobs.discardJobAction as never, ["jobId"], "admin"],
  ["acceptInvitation", invite.acceptInvitationAction as never, ["token", "password", "confirmPassword"], "public"],
  ["resetPassword", reset.resetPasswordAction as never, ["token", "password", "confirmPassword"], "public"],
  ["requestPasswordReset", forgot.requestPasswordResetAction as never, ["email"], "public"],
];

// Every table a bad request could write to, as counts and a digest of the connections' rows.
async function snapshot() {
  const db = getDb();
  const [row] = await db.$queryRaw<{ state: string }[]>`
    SELECT concat_ws('|',
      (SELECT count(*) FROM tenants), (SELECT count(*) FROM users), (SELECT count(*) FROM invitations),
      (SELECT count(*) FROM certificates), (SELECT count(*) FROM test_runs), (SELECT count(*) FROM api_tokens),
      (SELECT count(*) FROM password_resets),
      (SELECT md5(string_agg(concat_ws(',', id, name, username, client_id, instance_url, checklist::text,
        updated_at), ';' ORDER BY id)) FROM connections),
      (SELECT md5(string_agg(concat_ws(',', id, role, disabled_at, session_version, notify_by_email), ';' ORDER BY id)) FROM users),
      (SELECT md5(string_agg(concat_ws(',', id, key_export_allowed), ';' ORDER BY id)) FROM tenants)) AS state`;
  return row!.state;
}

async function sessionOf(uid: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: uid },
    select: { sessionVersion: true },
  });
  return { uid, sv: sessionVersion };
}

describe("bad input, generated", () => {
  let customer: { id: string };
  let admin: { id: string };
  let connectionId: string;
  let apiToken: string;
  beforeAll(async () => {
    const owner = await makeCustomer(getDb());
    customer = owner.user;
    ({ admin } = await makeStaffUsers());
    connectionId = (await makeReadyConnection(getDb(), fake, owner.tenant.id)).id;
    await getDb().tenant.update({ where: { id: owner.tenant.id }, data: { keyExportAllowed: true } });
    apiToken = (
      await createApiToken(
        getDb(),
        {
          name: "fuzz",
          scopes: ["connections:read", "keys:read", "tests:run", "tokens:issue"],
          tenantId: owner.tenant.id,
          expiresDays: null,
        },
        null,
        null,
      )
    ).token;
  });

  it("gives every server action's fields 220 malformed values: an error answer each time, no row changed", async () => {
    expect(VALUES.length).toBeGreaterThanOrEqual(200);
    const before = await snapshot();
    let calls = 0;
    for (const [name, action, fields, as] of ACTIONS) {
      session.current = as === "public" ? null : await sessionOf(as === "customer" ? customer.id : admin.id);
      for (let i = 0; i < VALUES.length; i += fields.length > 3 ? 4 : 1) {
        const form = new FormData();
        fields.forEach((field, f) => form.set(field, VALUES[(i + f) % VALUES.length]!));
        const result = await action(null, form).catch((error: unknown) => {
          throw new Error(`${name} threw ${String(error)} on ${JSON.stringify([...form.entries()]).slice(0, 200)}`);
        });
        calls++;
        expect(result.ok, `${name} accepted ${JSON.stringify([...form.entries()]).slice(0, 200)}`).toBe(false);
        expect(result.error, name).toMatch(/\S/);
        expect(result.error, name).not.toMatch(/prisma|postgres|invalid byte sequence|stack|at \w+ \(/i);
      }
    }
    expect(calls).toBeGreaterThan(2000);
    expect(await snapshot()).toBe(before);
  });

  it("gives every route's query parameters and bodies malformed values: never a 5xx, no row changed", async () => {
    type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
    const call = (handler: Handler, url: string, init: RequestInit & { id?: string } = {}) =>
      handler(new Request(`http://portal.test${url}`, init), {
        params: Promise.resolve<Record<string, string>>(init.id !== undefined ? { id: init.id } : {}),
      });
    const bearer = { authorization: `Bearer ${apiToken}`, "content-type": "application/json" };
    session.current = await sessionOf(customer.id);
    const before = await snapshot();
    const statuses: number[] = [];
    for (const value of VALUES) {
      // A URL cannot carry a lone surrogate: it becomes U+FFFD, as a browser sends it.
      const q = encodeURIComponent(value.slice(0, 2000).replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
      const body = JSON.stringify({ format: value, password: value, alias: value, legacy: value, extra: value });
      const responses = await Promise.all([
        call(v1List.GET as Handler, `/api/v1/connections?status=${q}&limit=${q}&cursor=${q}&updatedSince=${q}`, {
          headers: bearer,
        }),
        call(v1One.GET as Handler, `/api/v1/connections/${q}`, { headers: bearer, id: value }),
        call(v1Config.GET as Handler, `/api/v1/connections/x/collector-config?format=${q}&keyPath=${q}`, {
          headers: bearer,
          id: connectionId,
        }),
        call(v1Keystores.POST as Handler, "/api/v1/connections/x/keystores", {
          method: "POST",
          headers: bearer,
          body,
          id: connectionId,
        }),
        call(v1Key.GET as Handler, "/api/v1/connections/x/private-key", { headers: bearer, id: value }),
        call(v1Tests.POST as Handler, "/api/v1/connections/x/tests", {
          method: "POST",
          headers: bearer,
          body,
          id: value,
        }),
        call(v1Vend.POST as Handler, "/api/v1/connections/x/access-token", {
          method: "POST",
          headers: bearer,
          body,
          id: connectionId,
        }),
        call(certificates.POST as Handler, "/api/connections/x/certificates", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            countryName: value,
            stateOrProvince: value,
            locality: value,
            organizationName: value,
            requestToken: value,
          }),
          id: connectionId,
        }),
        call(download.GET as Handler, `/api/certificates/x/download?format=${q}`, { id: value }),
        call(salesforceBundle.POST as Handler, "/api/connections/x/salesforce-bundle", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            appName: value,
            label: value,
            contactEmail: value,
            ipRelaxation: value,
            setupAuditTrail: value,
          }).toString(),
          id: connectionId,
        }),
      ]);
      statuses.push(...responses.map((r) => r.status));
    }
    expect(statuses.length).toBeGreaterThanOrEqual(200 * 10);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(new Set(statuses.map((s) => Math.floor(s / 100)))).toEqual(new Set([4]));
    expect(await snapshot()).toBe(before);
  });
});
