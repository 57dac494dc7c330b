import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  runConnectionTest,
  type ConnectionTestInput,
  type ConnectionTestOptions,
  type TestStep,
} from "@/lib/salesforce/test-connection";
import { startFakeSalesforce, type FakeApp, type FakeSalesforce } from "@/tests/fake-salesforce/server";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";

const LOGIN = "https://login.salesforce.com";
const TEST = "https://test.salesforce.com";
const creds = generateTestCredentials();
const otherCreds = generateTestCredentials();

let fake: FakeSalesforce;
let input: ConnectionTestInput;
let opts: ConnectionTestOptions;
const app = (overrides: Partial<FakeApp> = {}): FakeApp => ({
  clientId: "3MVG9-test-client",
  certificatePem: creds.certificatePem,
  usernames: ["integration@acme.com"],
  acceptedAudiences: [fake.origin],
  ...overrides,
});

// One fake Salesforce with three hosts: the org's My Domain (origin), and stand-ins for login and test.
let loginHost = "";
let testHost = "";
beforeAll(async () => {
  fake = await startFakeSalesforce({ extraPorts: [0, 0] });
  [, loginHost, testHost] = fake.origins as [string, string, string];
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  input = {
    instanceUrl: fake.origin,
    environment: "production",
    clientId: "3MVG9-test-client",
    username: "integration@acme.com",
    privateKeyPem: creds.privateKeyPem,
  };
  opts = {
    extraOrigins: fake.origins,
    loginHosts: { login: loginHost, test: testHost },
    perRequestTimeoutMs: 2_000,
    totalTimeoutMs: 8_000,
  };
});

describe("runConnectionTest against the fake", () => {
  it("connects on the first pair, runs every step and never exposes the token", async () => {
    fake.addApp(app());
    const events: TestStep[] = [];
    const result = await runConnectionTest(input, { ...opts, onStep: (s) => events.push(s) });
    expect(result.outcome).toBe("connected");
    expect(result.pair).toEqual({ tokenHost: fake.origin, audience: fake.origin });
    expect(result.attempts).toHaveLength(1);
    expect(result.apiVersion).toBe("62.0");
    expect(result.identity?.username).toBe("integration@acme.com");
    expect(result.limits).toMatchObject({ available: true });
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ["token", "ok"],
      ["version", "ok"],
      ["identity", "ok"],
      ["event_logs", "ok"],
    ]);
    expect(events.map((e) => `${e.name}:${e.status}`)).toEqual([
      "token:running",
      "token:ok",
      "version:running",
      "version:ok",
      "identity:running",
      "identity:ok",
      "event_logs:running",
      "event_logs:ok",
    ]);
    const serialized = JSON.stringify(result);
    expect(serialized).not.toMatch(/00D\d+EAA!/);
    expect(serialized).not.toContain("eyJ");
    expect(fake.requests()).toHaveLength(1);
  });

  it("succeeds only on a later pair and records that pair, trying the org's own host first", async () => {
    fake.addApp(app({ acceptedAudiences: [TEST] }));
    const result = await runConnectionTest(input, opts);
    expect(result.outcome).toBe("connected");
    expect(result.pair).toEqual({ tokenHost: fake.origin, audience: TEST });
    expect(result.attempts.map((a) => [a.tokenHost, a.audience, a.ok, a.code])).toEqual([
      [fake.origin, fake.origin, false, "audience_invalid"],
      [fake.origin, LOGIN, false, "audience_invalid"],
      [fake.origin, TEST, true, undefined],
    ]);
    expect(result.attempts[0]).toMatchObject({
      salesforceError: "invalid_grant",
      salesforceDescription: "audience is invalid",
    });
  });

  it("tries sandbox audiences test-first", async () => {
    fake.addApp(app({ acceptedAudiences: [TEST] }));
    const result = await runConnectionTest({ ...input, environment: "sandbox" }, opts);
    expect(result.attempts.map((a) => a.audience)).toEqual([fake.origin, TEST]);
  });

  it("connects a Gov Cloud-style org (only its My Domain knows the key, aud login) in at most three attempts", async () => {
    fake.addApp(app({ knownAt: [fake.origin], acceptedAudiences: [LOGIN] }));
    const result = await runConnectionTest(input, opts);
    expect(result.outcome).toBe("connected");
    expect(result.pair).toEqual({ tokenHost: fake.origin, audience: LOGIN });
    expect(result.attempts.length).toBeLessThanOrEqual(3);
    expect(fake.requests().every((r) => r.host === new URL(fake.origin).host)).toBe(true);
  });

  it("does not stop when login answers 'client identifier invalid': the key is only unknown there", async () => {
    fake.addApp(app({ knownAt: [fake.origin] }));
    const result = await runConnectionTest({ ...input, savedPair: { tokenHost: loginHost, audience: LOGIN } }, opts);
    expect(result.outcome).toBe("connected");
    expect(result.attempts.map((a) => [a.tokenHost, a.code])).toEqual([
      [loginHost, "invalid_client_id"],
      [fake.origin, undefined],
    ]);
  });

  it("reports the org's own answer, not what login/test say about an unknown key", async () => {
    fake.addApp(app({ knownAt: [fake.origin], preAuthorized: false }));
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "user_not_approved" });
    expect(result.attempts.map((a) => a.code)).toEqual([
      "user_not_approved",
      "audience_invalid",
      "audience_invalid",
      "invalid_client_id",
      "invalid_client_id",
    ]);
  });

  it("tries the saved pair first", async () => {
    fake.addApp(app({ acceptedAudiences: [TEST] }));
    const result = await runConnectionTest({ ...input, savedPair: { tokenHost: fake.origin, audience: TEST } }, opts);
    expect(result.attempts).toHaveLength(1);
    expect(result.pair).toEqual({ tokenHost: fake.origin, audience: TEST });
  });

  it("never sends the assertion to login or test when the org is marked My Domain only", async () => {
    fake.addApp(app({ acceptedAudiences: ["https://nowhere.example"] }));
    const result = await runConnectionTest({ ...input, myDomainOnly: true }, opts);
    expect(result.outcome).toBe("failed");
    expect(result.attempts.map((a) => a.tokenHost)).toEqual([fake.origin, fake.origin, fake.origin]);
    expect(fake.requests().map((r) => r.host)).toEqual(Array(3).fill(new URL(fake.origin).host));
  });

  it.each([
    ["the wrong client id", { clientId: "3MVG9-wrong" }, {}, "invalid_client_id", "client-id"],
    [
      "a certificate that does not match",
      {},
      { certificatePem: otherCreds.certificatePem },
      "invalid_assertion",
      "upload-certificate",
    ],
    [
      "'not admin approved' under any error field",
      {},
      { refuse: { error: "invalid_grant", description: "user is not admin approved to access this app" } },
      "user_not_admin_approved",
      "permitted-users",
    ],
    [
      "an inactive user",
      {},
      { refuse: { error: "inactive_user", description: "inactive user" } },
      "user_inactive",
      "user",
    ],
    [
      "a locked, closed or suspended org",
      {},
      { refuse: { error: "inactive_org", description: "the organization is locked" } },
      "org_inactive",
      undefined,
    ],
    [
      "an IP restriction",
      {},
      { refuse: { error: "invalid_grant", description: "ip restricted or invalid login hours" } },
      "ip_restricted",
      "user",
    ],
    [
      "a rate limit",
      {},
      { refuse: { error: "rate_limit_exceeded", description: "rate limit exceeded" } },
      "rate_limit_exceeded",
      undefined,
    ],
  ] as const)("stops after the My Domain's answer for %s", async (_name, inputOverride, appOverride, code, step) => {
    fake.addApp(app(appOverride as Partial<FakeApp>));
    const result = await runConnectionTest({ ...input, ...inputOverride }, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: code });
    expect(result.attempts).toHaveLength(1);
    expect(result.diagnosis?.checklistStep).toBe(step);
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
  });

  it("keeps a token whose id URL is on a foreign host, with a warning, and never fetches that URL", async () => {
    fake.addApp(app({ identityOrigin: "https://id.evil.example" }));
    const result = await runConnectionTest(input, opts);
    expect(result.outcome).toBe("warnings");
    expect(result.steps[0]).toMatchObject({ name: "token", status: "warning" });
    expect(result.steps[0]?.message).toContain("id.evil.example");
    expect(result.steps.find((s) => s.name === "identity")?.status).toBe("ok");
  });

  it("refuses a token whose instance_url is not a Salesforce host", async () => {
    fake.addApp(app({ home: "https://evil.example" }));
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: "instance_url_not_allowed" });
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
  });

  it("says the IP restriction was met from the portal's address, which may not be the collector's", async () => {
    fake.addApp(app({ refuse: { error: "invalid_grant", description: "ip restricted or invalid login hours" } }));
    const result = await runConnectionTest(input, opts);
    expect(result.diagnosis?.fix).toMatch(/Relax IP restrictions/);
    expect(result.diagnosis?.fix).toMatch(/portal's IP address, which may differ from the collector's/);
  });

  it("points a missing refresh_token scope at the scopes step, after trying every pair", async () => {
    fake.addApp(
      app({
        refuse: {
          error: "invalid_request",
          description: "refresh_token scope is required and the connected app should be installed and preauthorized.",
        },
      }),
    );
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "refresh_scope_required" });
    expect(result.diagnosis?.checklistStep).toBe("scopes");
  });

  it("warns, naming both causes, when EventLogFile is not a supported type", async () => {
    fake.addApp(app({ eventLogs: "invalid_type", limits: "forbidden" }));
    const result = await runConnectionTest(input, opts);
    expect(result.outcome).toBe("warnings");
    const step = result.steps.find((s) => s.name === "event_logs");
    expect(step?.status).toBe("warning");
    expect(step?.message).toMatch(/Event Monitoring licence/);
    expect(step?.message).toMatch(/View Event Log Files/);
    expect(result.limits).toMatchObject({ available: false });
  });

  it("matches the username case-insensitively and checks the configured API version", async () => {
    fake.addApp(app({ versions: ["45.0", "60.0"] }));
    const ok = await runConnectionTest({ ...input, username: "Integration@ACME.com", apiVersion: "60" }, opts);
    expect(ok).toMatchObject({ outcome: "connected", apiVersion: "60.0" });
    const missing = await runConnectionTest({ ...input, apiVersion: "59.0" }, opts);
    expect(missing).toMatchObject({ outcome: "failed", failedStep: "version", errorCode: "api_version_unavailable" });
    const old = await runConnectionTest({ ...input, apiVersion: "45.0" }, opts);
    expect(old.outcome).toBe("warnings");
  });

  it("classifies a timeout within the limit", async () => {
    fake.addApp(app());
    fake.setFault({ kind: "delay", ms: 5_000 }, "token");
    const started = Date.now();
    const result = await runConnectionTest(input, { ...opts, perRequestTimeoutMs: 300, totalTimeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: "timeout" });
    expect(result.attempts.every((a) => a.code === "timeout" && a.durationMs < 1_000)).toBe(true);
  });

  it("never exceeds the total time limit", async () => {
    fake.addApp(app());
    fake.setFault({ kind: "slow_body", ms: 5_000 }, "rest");
    const started = Date.now();
    const result = await runConnectionTest(input, { ...opts, perRequestTimeoutMs: 10_000, totalTimeoutMs: 700 });
    expect(Date.now() - started).toBeLessThan(1_200);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "version", errorCode: "timeout" });
    expect(result.steps.filter((s) => s.name !== "token").every((s) => s.status === "failed")).toBe(true);
  });

  it.each([
    ["5xx", "salesforce_unavailable", 5],
    // A transport failure skips the host for the rest of the run: one try each for My Domain, login and test.
    ["reset", "connection_reset", 3],
    ["html", "non_json_response", 5],
  ] as const)("classifies a %s token endpoint", async (kind, code, tries) => {
    fake.addApp(app());
    fake.setFault({ kind }, "token");
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: code });
    expect(result.attempts).toHaveLength(tries);
  });

  it("fails the version step when the REST API errors after a token", async () => {
    fake.addApp(app());
    fake.setFault({ kind: "5xx" }, "rest");
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({
      outcome: "failed",
      failedStep: "version",
      errorCode: "salesforce_unavailable",
      pair: { audience: fake.origin },
    });
  });

  it("refuses a non-Salesforce instance URL without any request", async () => {
    const result = await runConnectionTest({ ...input, instanceUrl: "https://acme.lightning.force.com" }, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "invalid_instance_url" });
    expect(result.diagnosis?.fix).toContain("https://acme.my.salesforce.com");
    expect(result.attempts).toHaveLength(0);
  });

  it("refuses the fake when it is not opted in", async () => {
    fake.addApp(app());
    const result = await runConnectionTest(input, { ...opts, extraOrigins: [] });
    expect(result).toMatchObject({ outcome: "failed", errorCode: "invalid_instance_url" });
    expect(fake.requests()).toHaveLength(0);
  });

  it("reports an unusable private key without echoing it", async () => {
    const result = await runConnectionTest(
      { ...input, privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" },
      opts,
    );
    expect(result).toMatchObject({ outcome: "failed", errorCode: "invalid_private_key" });
    expect(JSON.stringify(result)).not.toContain("BEGIN PRIVATE KEY");
  });
});

describe("a host that does not answer", () => {
  let org: FakeSalesforce;
  let generic: FakeSalesforce;
  beforeAll(async () => {
    org = await startFakeSalesforce();
    generic = await startFakeSalesforce({ extraPorts: [0] });
  });
  afterAll(async () => {
    await Promise.all([org.close(), generic.close()]);
  });
  beforeEach(() => {
    org.reset();
    generic.reset();
  });
  const base = () => ({
    input: {
      instanceUrl: org.origin,
      environment: "production" as const,
      clientId: "3MVG9-org",
      username: "integration@acme.com",
      privateKeyPem: creds.privateKeyPem,
    },
    opts: {
      extraOrigins: [org.origin, ...generic.origins],
      loginHosts: { login: generic.origins[0] as string, test: generic.origins[1] as string },
    },
  });

  it("a hanging My Domain ends the run within 15 s with the timeout named, tried once (the default limits)", async () => {
    org.addApp({
      clientId: "3MVG9-org",
      certificatePem: creds.certificatePem,
      usernames: ["integration@acme.com"],
      acceptedAudiences: [org.origin],
    });
    org.setFault({ kind: "delay", ms: 60_000 }, "token");
    const { input: i, opts: o } = base();
    const started = Date.now();
    const result = await runConnectionTest(i, o);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(15_000);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: "timeout" });
    expect(result.diagnosis?.cause).toContain(new URL(org.origin).host);
    expect(result.attempts.filter((a) => a.tokenHost === org.origin)).toHaveLength(1);
    expect(result.attempts.map((a) => a.code)).toEqual(["timeout", "invalid_client_id", "invalid_client_id"]);
  }, 20_000);

  it("every host hanging still ends at the run's limit, classified", async () => {
    org.setFault({ kind: "delay", ms: 60_000 }, "token");
    generic.setFault({ kind: "delay", ms: 60_000 }, "token");
    const { input: i, opts: o } = base();
    const started = Date.now();
    const result = await runConnectionTest(i, { ...o, perRequestTimeoutMs: 500, totalTimeoutMs: 1_200 });
    expect(Date.now() - started).toBeLessThan(1_700);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "timeout" });
  });

  it("a .mil My Domain never sends its assertion to login or test", async () => {
    const { input: i, opts: o } = base();
    const noDns: ConnectionTestOptions["resolve"] = () =>
      Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    const mil = await runConnectionTest(
      { ...i, instanceUrl: "https://agency.my.salesforce.mil" },
      { ...o, resolve: noDns },
    );
    expect(mil.attempts.map((a) => a.tokenHost)).toEqual(["https://agency.my.salesforce.mil"]);
    expect(mil).toMatchObject({ outcome: "failed", errorCode: "dns_failure" });
    expect(generic.requests()).toHaveLength(0);
    // The same org on a commercial My Domain does fall back to login and test.
    const com = await runConnectionTest(
      { ...i, instanceUrl: "https://agency.my.salesforce.com" },
      { ...o, resolve: noDns },
    );
    expect(com.attempts.map((a) => a.tokenHost)).toEqual(["https://agency.my.salesforce.com", ...generic.origins]);
    expect(generic.requests()).toHaveLength(2);
  });
});
