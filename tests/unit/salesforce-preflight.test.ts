import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signAssertion } from "@/lib/salesforce/assertion";
import {
  checkCollectorData,
  checkIdentity,
  COLLECTOR_QUERIES,
  parseIdentityUrl,
  type RestContext,
} from "@/lib/salesforce/preflight";
import { requestToken, type TokenGrant } from "@/lib/salesforce/token";
import { startFakeSalesforce, type FakeApp, type FakeSalesforce } from "@/tests/fake-salesforce/server";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";

const creds = generateTestCredentials();
const USERNAME = "integration@acme.com";
const FREE_TIER: FakeApp["eventLogFiles"] = [
  { eventType: "Login", interval: "Daily", files: 1 },
  { eventType: "Logout", interval: "Daily", files: 1 },
  { eventType: "ApiTotalUsage", interval: "Daily", files: 1 },
];

let fake: FakeSalesforce;

beforeAll(async () => {
  fake = await startFakeSalesforce();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

// Registers an org described by `overrides`, then gets a real token from the fake's token endpoint.
async function connect(overrides: Partial<FakeApp> = {}): Promise<{ ctx: RestContext; grant: TokenGrant }> {
  fake.addApp({
    clientId: "3MVG9-preflight",
    certificatePem: creds.certificatePem,
    usernames: [USERNAME],
    acceptedAudiences: [fake.origin],
    ...overrides,
  });
  const assertion = await signAssertion({
    clientId: "3MVG9-preflight",
    username: USERNAME,
    audience: fake.origin,
    privateKeyPem: creds.privateKeyPem,
  });
  const res = await requestToken({ tokenHost: fake.origin, assertion, extraOrigins: [fake.origin], timeoutMs: 2_000 });
  if (!res.ok) throw new Error(`no token: ${res.diagnosis.code}`);
  return {
    grant: res.grant,
    ctx: {
      instanceUrl: res.grant.instanceUrl,
      accessToken: res.grant.accessToken,
      extraOrigins: [fake.origin],
      timeoutMs: 2_000,
    },
  };
}

describe("checkCollectorData: what the collector would read", () => {
  it("passes an org with the Event Monitoring add-on: Hourly files, object option on", async () => {
    const { ctx } = await connect();
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("ok");
    expect(result.collector).toMatchObject({
      hourlyAvailable: true,
      logFileInterval: "Hourly",
      loginEventQueryable: true,
      setupAuditTrailQueryable: true,
      objectOption: true,
      readsNothing: false,
      eventLogFilesReadable: true,
    });
    expect(result.collector?.eventTypes).toContainEqual({ eventType: "Login", interval: "Hourly", files: 120 });
    expect(result.message).toMatch(/Hourly: API, Login, Logout/);
    expect(result.message).toMatch(/Hourly files are available/);
    expect(JSON.parse(JSON.stringify(result.collector))).toEqual(result.collector);
  });

  it("warns on a free-tier org, naming its daily types; interval Daily, object off", async () => {
    const { ctx } = await connect({ eventLogFiles: FREE_TIER, loginEvent: false });
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("warning");
    expect(result.message).toContain(
      "No Event Monitoring add-on: only 3 daily event types will be collected (ApiTotalUsage, Login, Logout)",
    );
    expect(result.message).toContain("object option is off");
    expect(result.collector).toMatchObject({
      hourlyAvailable: false,
      logFileInterval: "Daily",
      loginEventQueryable: false,
      objectOption: false,
      readsNothing: false,
    });
    expect(result.diagnosis?.code).toBe("event_monitoring_addon_missing");
  });

  it("says in plain words when the collector would read nothing", async () => {
    const { ctx } = await connect({ eventLogFiles: [], loginEvent: false });
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("warning");
    expect(result.message).toMatch(
      /^Connected, but the collector would read nothing yet: there are no event log files from the last 7 days and LoginEvent is not available\./,
    );
    expect(result.message).toMatch(/test again tomorrow/);
    expect(result.message).toMatch(/View Event Log Files/);
    expect(result.collector).toMatchObject({ readsNothing: true, logFileInterval: null, eventTypes: [] });
    expect(result.diagnosis).toMatchObject({ code: "collector_reads_nothing", checklistStep: "permission-set" });
  });

  it("keeps the object option on for an add-on org whose LoginEvent works but has no files yet", async () => {
    const { ctx } = await connect({ eventLogFiles: [] });
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("warning");
    expect(result.collector).toMatchObject({ readsNothing: false, objectOption: true, logFileInterval: null });
  });

  it("explains INVALID_TYPE on EventLogFile as the missing View Event Log Files permission", async () => {
    const { ctx } = await connect({ eventLogs: "invalid_type" });
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("warning");
    expect(result.diagnosis).toMatchObject({
      code: "event_log_file_unavailable",
      checklistStep: "permission-set",
      salesforceError: "INVALID_TYPE",
    });
    expect(result.message).toMatch(/View Event Log Files/);
    expect(result.collector).toMatchObject({ eventLogFilesReadable: false, objectOption: true, readsNothing: false });
  });

  it("gives LoginEvent and SetupAuditTrail their own diagnoses", async () => {
    const login = await checkCollectorData((await connect({ loginEvent: false })).ctx, "62.0");
    expect(login).toMatchObject({
      status: "warning",
      diagnosis: { code: "login_event_unavailable", salesforceError: "INVALID_TYPE" },
      collector: { hourlyAvailable: true, objectOption: false },
    });
    fake.reset();
    const audit = await checkCollectorData((await connect({ setupAuditTrail: false })).ctx, "62.0");
    expect(audit).toMatchObject({
      status: "warning",
      diagnosis: { code: "setup_audit_trail_unavailable" },
      collector: { setupAuditTrailQueryable: false, objectOption: true },
    });
    expect(audit.message).toMatch(/setupaudittrail stream would collect nothing/);
  });

  it("runs its three queries concurrently", async () => {
    const { ctx } = await connect();
    // Three requests of 1 s each: one after another they take at least 3 s, side by side about 1 s.
    fake.setFault({ kind: "delay", ms: 1_000 }, "rest");
    const started = Date.now();
    expect((await checkCollectorData(ctx, "62.0")).status).toBe("ok");
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("fails with the new diagnosis, not 'use My Domain', when REST calls are refused without a body", async () => {
    const { ctx } = await connect({ restAccess: "forbidden" });
    const result = await checkCollectorData(ctx, "62.0");
    expect(result.status).toBe("failed");
    expect(result.diagnosis).toMatchObject({ code: "rest_access_refused", checklistStep: "scopes" });
    expect(result.message).not.toMatch(/My Domain/);
    expect(result.collector).toBeUndefined();
  });

  it("sends the documented aggregate query", () => {
    expect(COLLECTOR_QUERIES.eventLogFiles).toBe(
      "SELECT EventType, Interval, COUNT(Id) n FROM EventLogFile WHERE LogDate = LAST_N_DAYS:7 GROUP BY EventType, Interval",
    );
  });
});

describe("checkIdentity", () => {
  it("uses userinfo when it answers", async () => {
    const { ctx, grant } = await connect();
    const result = await checkIdentity(ctx, "Integration@ACME.com", {
      identityUrl: grant.identityUrl,
      apiVersion: "62.0",
    });
    expect(result).toMatchObject({ status: "ok", identity: { username: USERNAME } });
    expect(result.identity?.organizationId).toMatch(/^00D/);
    expect(result.message).toBe(`Signed in as ${USERNAME}.`);
  });

  it("falls back to the User record when userinfo answers 403", async () => {
    const { ctx, grant } = await connect({ userinfo: "forbidden" });
    const ref = parseIdentityUrl(grant.identityUrl);
    const result = await checkIdentity(ctx, USERNAME, { identityUrl: grant.identityUrl, apiVersion: "62.0" });
    expect(result).toMatchObject({
      status: "ok",
      identity: { username: USERNAME, userId: ref?.userId, organizationId: ref?.organizationId },
    });
    expect(result.message).toMatch(/User record: userinfo answered HTTP 403/);
  });

  it("still catches a username mismatch, through userinfo and through the fallback", async () => {
    const { ctx, grant } = await connect();
    const direct = await checkIdentity(ctx, "someone@acme.com", { identityUrl: grant.identityUrl, apiVersion: "62.0" });
    expect(direct).toMatchObject({ status: "failed", diagnosis: { code: "username_mismatch", checklistStep: "user" } });
    fake.reset();
    const refused = await connect({ userinfo: "forbidden" });
    const fallback = await checkIdentity(refused.ctx, "someone@acme.com", {
      identityUrl: refused.grant.identityUrl,
      apiVersion: "62.0",
    });
    expect(fallback).toMatchObject({
      status: "failed",
      diagnosis: { code: "username_mismatch" },
      identity: { username: USERNAME },
    });
  });

  it("without an id URL or version it cannot fall back, and says the token was refused", async () => {
    const { ctx } = await connect({ userinfo: "forbidden" });
    const result = await checkIdentity(ctx, USERNAME);
    expect(result.diagnosis?.code).toBe("rest_access_refused");
    expect(result.message).not.toMatch(/My Domain/);
  });

  it("reports the refusal when the fallback is refused too", async () => {
    const { ctx, grant } = await connect({ userinfo: "forbidden", restAccess: "forbidden" });
    const result = await checkIdentity(ctx, USERNAME, { identityUrl: grant.identityUrl, apiVersion: "62.0" });
    expect(result).toMatchObject({
      status: "failed",
      diagnosis: { code: "rest_access_refused", checklistStep: "scopes" },
    });
  });
});

describe("parseIdentityUrl", () => {
  const org = "00D000000000001EAA";
  const user = "005000000000001AAA";
  it("reads the org and user ids", () => {
    expect(parseIdentityUrl(`https://login.salesforce.com/id/${org}/${user}`)).toEqual({
      organizationId: org,
      userId: user,
    });
    expect(parseIdentityUrl(`https://acme.my.salesforce.com/id/00D000000000001/005000000000001/?x=1`)).toEqual({
      organizationId: "00D000000000001",
      userId: "005000000000001",
    });
  });
  it.each([
    [undefined],
    [42],
    [""],
    ["not a url"],
    [`/id/${org}/${user}`],
    [`javascript:alert(1)//id/${org}/${user}`],
    [`https://x.my.salesforce.com/id/${org}`],
    [`https://x.my.salesforce.com/id/${org}/${user}/extra`],
    [`https://x.my.salesforce.com/services/id/${org}/${user}`],
    [`https://x.my.salesforce.com/id/${user}/${org}`],
    [`https://x.my.salesforce.com/id/${org}/${user.slice(0, 10)}`],
    [`https://x.my.salesforce.com/id/${org}/005000000000001AAA%2F..%2Fquery`],
    [`https://x.my.salesforce.com/id/${org}/005000000000001AAA?fields=Password`.replace("?", "%3F")],
    [`https://x.my.salesforce.com/id/${org}/../../services/data/v62.0/${user}`],
    [`https://x.my.salesforce.com/id/${org}/${user}${"A".repeat(2100)}`],
  ])("refuses %s", (value) => {
    expect(parseIdentityUrl(value)).toBeNull();
  });
});
