import { describe, expect, it } from "vitest";
import { isPortalConsumerKey } from "@/lib/connections/salesforce-bundle";
import {
  APP_NOT_PROPAGATED,
  appNotPropagated,
  propagationWaitMinutes,
  withPropagationVerdict,
} from "@/lib/salesforce/app-propagation";
import { diagnosisTitle } from "@/lib/salesforce/diagnosis-titles";
import { diagnoseTokenError } from "@/lib/salesforce/errors";
import type { TestResult } from "@/lib/salesforce/test-connection";
import { summariseRun } from "@/lib/salesforce/test-summary";

const startedAt = new Date("2026-11-30T10:00:00.000Z");
const before = (ms: number) => new Date(startedAt.getTime() - ms);
const MIN = 60_000;
const facts = (over: Partial<Parameters<typeof propagationWaitMinutes>[0]> = {}) => ({
  errorCode: "invalid_client_id",
  portalKey: true,
  downloadedAt: before(3 * MIN),
  startedAt,
  ...over,
});

describe("waiting for Salesforce to apply a freshly downloaded app", () => {
  it("says wait within 10 minutes of the download, with the bundle's key", () => {
    expect(propagationWaitMinutes(facts())).toBe(3);
    expect(propagationWaitMinutes(facts({ downloadedAt: before(0) }))).toBe(0);
    expect(propagationWaitMinutes(facts({ downloadedAt: before(10 * MIN - 1_000) }))).toBe(9);
  });

  it("keeps the plain verdict from 10:00 on, without a download, or for a key typed by hand", () => {
    expect(propagationWaitMinutes(facts({ downloadedAt: before(10 * MIN) }))).toBeNull();
    expect(propagationWaitMinutes(facts({ downloadedAt: before(11 * MIN) }))).toBeNull();
    expect(propagationWaitMinutes(facts({ downloadedAt: null }))).toBeNull();
    expect(propagationWaitMinutes(facts({ portalKey: false }))).toBeNull();
  });

  it("only rewrites a wrong-Client-ID verdict", () => {
    expect(propagationWaitMinutes(facts({ errorCode: "invalid_assertion" }))).toBeNull();
    expect(propagationWaitMinutes(facts({ errorCode: undefined }))).toBeNull();
  });

  it("counts a download made while the run was going as just now", () => {
    expect(propagationWaitMinutes(facts({ downloadedAt: new Date(startedAt.getTime() + 5_000) }))).toBe(0);
  });

  it("tells a key the bundle chose from one copied out of Salesforce", () => {
    expect(isPortalConsumerKey("A".repeat(24) + "b1".repeat(12))).toBe(true);
    expect(isPortalConsumerKey(`3MVG9${"x".repeat(43)}`)).toBe(false);
    expect(isPortalConsumerKey(`3MVG9${"x".repeat(80)}`)).toBe(false);
    expect(isPortalConsumerKey("short-key")).toBe(false);
    expect(isPortalConsumerKey(null)).toBe(false);
  });

  it("says how long ago the bundle was downloaded", () => {
    expect(appNotPropagated(0).cause).toMatch(/^You downloaded the Salesforce bundle less than a minute ago;/);
    expect(appNotPropagated(1).cause).toMatch(/bundle 1 minute ago;/);
    expect(appNotPropagated(7).cause).toBe(
      "You downloaded the Salesforce bundle 7 minutes ago; Salesforce takes 2 to 10 minutes to apply a new or changed External Client App.",
    );
    expect(diagnosisTitle("app_not_propagated")).toBe("Salesforce has not applied the new app yet");
  });
});

describe("a failed run rewritten to the wait verdict", () => {
  const clientIdError = diagnoseTokenError(
    400,
    JSON.stringify({ error: "invalid_client_id", error_description: "client identifier invalid" }),
  );
  const failed: TestResult = summariseRun(
    {
      instanceUrl: "https://acme.my.salesforce.com",
      environment: "production",
      clientId: "k",
      username: "u",
      privateKeyPem: "",
    },
    [
      {
        name: "token",
        status: "failed",
        message: `${clientIdError.title}. ${clientIdError.fix}`,
        durationMs: 5,
        diagnosis: clientIdError,
      },
      { name: "version", status: "skipped", message: "Not run.", durationMs: 0 },
    ],
    [],
    {},
    5,
  );

  it("replaces the code, the step, the summary and the diagnosis, keeping Salesforce's words", () => {
    const waited = withPropagationVerdict(failed, 4);
    expect(waited.errorCode).toBe("app_not_propagated");
    expect(waited.outcome).toBe("failed");
    expect(waited.diagnosis).toMatchObject({
      code: "app_not_propagated",
      fixableBy: "customer",
      title: APP_NOT_PROPAGATED.title,
      salesforceError: "invalid_client_id",
      salesforceDescription: "client identifier invalid",
    });
    expect(waited.diagnosis?.cause).toContain("4 minutes ago");
    expect(waited.diagnosis?.fix).toMatch(/^Wait a few minutes and run Test connection again/);
    expect(waited.steps[0]?.diagnosis).toEqual(waited.diagnosis);
    expect(waited.summary).toMatch(/^Getting a token failed: Salesforce has not applied the new app yet\. Wait/);
    expect(waited.summary).not.toMatch(/does not know this Client ID/);
  });

  it("leaves any other verdict alone", () => {
    const assertion = diagnoseTokenError(
      400,
      JSON.stringify({ error: "invalid_grant", error_description: "invalid assertion" }),
    );
    const other = { ...failed, errorCode: assertion.code, diagnosis: assertion };
    other.steps = [{ ...failed.steps[0]!, diagnosis: assertion }];
    expect(withPropagationVerdict(other, 2)).toBe(other);
  });
});
