import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runConnectionTest, type ConnectionTestInput, type ConnectionTestOptions, type TestStep } from "@/lib/salesforce/test-connection";
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

beforeAll(async () => {
  fake = await startFakeSalesforce();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  input = { instanceUrl: fake.origin, environment: "production", clientId: "3MVG9-test-client", username: "integration@acme.com", privateKeyPem: creds.privateKeyPem };
  opts = { extraOrigins: [fake.origin], loginHosts: { login: fake.origin, test: fake.origin }, perRequestTimeoutMs: 2_000, totalTimeoutMs: 8_000 };
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
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([["token", "ok"], ["version", "ok"], ["identity", "ok"], ["event_logs", "ok"]]);
    expect(events.map((e) => `${e.name}:${e.status}`)).toEqual(["token:running", "token:ok", "version:running", "version:ok", "identity:running", "identity:ok", "event_logs:running", "event_logs:ok"]);
    const serialized = JSON.stringify(result);
    expect(serialized).not.toMatch(/00D\d+EAA!/);
    expect(serialized).not.toContain("eyJ");
    expect(fake.requests()).toHaveLength(1);
  });

  it("succeeds only on a later pair and records that pair", async () => {
    fake.addApp(app({ acceptedAudiences: [TEST] }));
    const result = await runConnectionTest(input, opts);
    expect(result.outcome).toBe("connected");
    expect(result.pair).toEqual({ tokenHost: fake.origin, audience: TEST });
    expect(result.attempts.map((a) => [a.audience, a.ok, a.code])).toEqual([
      [fake.origin, false, "audience_invalid"],
      [LOGIN, false, "audience_invalid"],
      [TEST, true, undefined],
    ]);
    expect(result.attempts[0]).toMatchObject({ salesforceError: "invalid_grant", salesforceDescription: "audience is invalid" });
    expect(fake.requests().map((r) => r.aud)).toEqual([fake.origin, LOGIN, TEST]);
  });

  it("tries sandbox audiences test-first", async () => {
    fake.addApp(app({ acceptedAudiences: [TEST] }));
    const result = await runConnectionTest({ ...input, environment: "sandbox" }, opts);
    expect(result.attempts.map((a) => a.audience)).toEqual([fake.origin, TEST]);
  });

  it("stops early on a wrong client id", async () => {
    fake.addApp(app());
    const result = await runConnectionTest({ ...input, clientId: "3MVG9-wrong" }, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: "invalid_client_id" });
    expect(result.attempts).toHaveLength(1);
    expect(result.diagnosis?.checklistStep).toBe("client-id");
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
  });

  it("stops early when the uploaded certificate does not match the key", async () => {
    fake.addApp(app({ certificatePem: otherCreds.certificatePem }));
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "invalid_assertion" });
    expect(result.attempts).toHaveLength(1);
    expect(result.diagnosis?.checklistStep).toBe("upload-certificate");
  });

  it("tries every pair for a user who is not pre-authorized and reports that, not the audience", async () => {
    fake.addApp(app({ preAuthorized: false }));
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "user_not_approved" });
    expect(result.attempts.map((a) => a.code)).toEqual(["user_not_approved", "audience_invalid", "audience_invalid"]);
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
    ["5xx", "salesforce_unavailable"],
    ["reset", "connection_reset"],
    ["html", "non_json_response"],
  ] as const)("classifies a %s token endpoint", async (kind, code) => {
    fake.addApp(app());
    fake.setFault({ kind }, "token");
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "token", errorCode: code });
    expect(result.attempts).toHaveLength(3);
  });

  it("fails the version step when the REST API errors after a token", async () => {
    fake.addApp(app());
    fake.setFault({ kind: "5xx" }, "rest");
    const result = await runConnectionTest(input, opts);
    expect(result).toMatchObject({ outcome: "failed", failedStep: "version", errorCode: "salesforce_unavailable", pair: { audience: fake.origin } });
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
    const result = await runConnectionTest({ ...input, privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" }, opts);
    expect(result).toMatchObject({ outcome: "failed", errorCode: "invalid_private_key" });
    expect(JSON.stringify(result)).not.toContain("BEGIN PRIVATE KEY");
  });
});
