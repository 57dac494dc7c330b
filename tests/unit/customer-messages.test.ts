import { describe, expect, it } from "vitest";
import { toTestRunView } from "@/lib/connections/test-run-view";
import { daysUntil, formatDuration, formatRelative } from "@/lib/dates";
import {
  diagnoseHttpStatus,
  diagnoseOutboundError,
  diagnoseTokenError,
  INTERNAL_ERROR,
  type Diagnosis,
} from "@/lib/salesforce/errors";
import { appNotPropagated } from "@/lib/salesforce/app-propagation";
import { diagnosisFor, PROVIDER_SIDE_FIX, providerSideCause } from "@/lib/salesforce/errors-audience";
import { NON_JSON, TOKEN_CATALOGUE, UNAVAILABLE } from "@/lib/salesforce/errors-catalogue";
import { OutboundError, type OutboundErrorKind } from "@/lib/salesforce/outbound";
import { diagnoseRestError } from "@/lib/salesforce/rest-errors";

const KINDS: OutboundErrorKind[] = [
  "blocked_url",
  "dns",
  "tls",
  "timeout",
  "reset",
  "refused",
  "redirect",
  "proxy",
  "network",
];
const rest = (errorCode: string) => JSON.stringify([{ errorCode, message: "sObject type 'X' is not supported" }]);

// Every diagnosis the catalogue can give, from each of its sources.
const EVERY_DIAGNOSIS: Diagnosis[] = [
  ...TOKEN_CATALOGUE.map((row) => row.advice),
  appNotPropagated(3),
  NON_JSON,
  UNAVAILABLE,
  INTERNAL_ERROR,
  diagnoseHttpStatus(502),
  diagnoseTokenError(400, JSON.stringify({ error: "something_new" })),
  ...KINDS.map((kind) => diagnoseOutboundError(new OutboundError(kind, `${kind} happened`))),
  ...["INVALID_SESSION_ID", "API_DISABLED_FOR_ORG", "REQUEST_LIMIT_EXCEEDED", "INVALID_TYPE", "SOMETHING_ELSE"].map(
    (code) => diagnoseRestError(400, rest(code)),
  ),
  diagnoseRestError(403, ""),
];

// What a customer must never be asked to do: the provider's server, network or code.
const SERVER_INSTRUCTIONS = /portal server|portal's|clock|ntp|proxy|firewall|outbound|https_proxy|no_proxy|master key/i;

describe("the catalogue says who can fix each cause", () => {
  it("every entry is fixable by the customer or the provider", () => {
    for (const d of EVERY_DIAGNOSIS) expect(["customer", "provider"], d.code).toContain(d.fixableBy);
  });

  it("the clock, the portal's network, its proxy and portal bugs are the provider's", () => {
    const provider = new Set(EVERY_DIAGNOSIS.filter((d) => d.fixableBy === "provider").map((d) => d.code));
    for (const code of [
      "assertion_expired",
      "unsupported_grant_type",
      "internal_error",
      "timeout",
      "connection_reset",
      "proxy_error",
      "network_error",
    ])
      expect(provider, code).toContain(code);
    // A wrong Client ID or My Domain stays the customer's.
    for (const code of ["invalid_client_id", "invalid_assertion", "dns_failure", "blocked_url"])
      expect(provider, code).not.toContain(code);
  });

  it("a customer reads no server instruction for a provider-side cause, but the reference to quote", () => {
    for (const d of EVERY_DIAGNOSIS.filter((e) => e.fixableBy === "provider")) {
      const shown = diagnosisFor(d, "customer", "run-42");
      const text = [shown.title, shown.cause, shown.fix].join(" ");
      expect(text, d.code).not.toMatch(SERVER_INSTRUCTIONS);
      expect(shown.cause).toBe(providerSideCause("run-42"));
      expect(shown.cause).toContain("This is on our side, not in your Salesforce setup; support has been notified");
      expect(shown.fix).toBe(PROVIDER_SIDE_FIX);
      expect(shown.checklistStep).toBeUndefined();
    }
  });

  it("staff keep the technical fix, and customer-side causes read the same for both", () => {
    const clock = diagnoseTokenError(
      400,
      JSON.stringify({ error: "invalid_grant", error_description: "expired authorization code" }),
    );
    expect(diagnosisFor(clock, "staff", "r").fix).toMatch(/clock/);
    const clientId = diagnoseTokenError(400, JSON.stringify({ error: "invalid_client_id" }));
    expect(diagnosisFor(clientId, "customer", "r")).toEqual(clientId);
  });
});

describe("a stored run as each reader sees it", () => {
  const reset = diagnoseOutboundError(
    new OutboundError("reset", "The connection to acme.my.salesforce.com was reset."),
  );
  const stored = {
    id: "0b7c4e1a-1111-4222-8333-444455556666",
    outcome: "failed" as const,
    failedStep: "token",
    errorCode: reset.code,
    summary: `Getting a token failed: ${reset.title}. ${reset.fix}`,
    steps: [
      { name: "token", status: "failed", message: `${reset.title}. ${reset.fix}`, durationMs: 12, diagnosis: reset },
    ],
    attempts: [],
    tokenHost: null,
    audience: null,
    apiVersion: null,
    collector: null,
    ranByEmail: "jane@acme.example",
    ranByRole: "customer",
    startedAt: new Date("2026-11-30T10:00:00Z"),
    finishedAt: new Date("2026-11-30T10:00:01Z"),
    durationMs: 900,
  };

  it("the customer's summary, step and verdict hold no fix for the portal's network", () => {
    const view = toTestRunView(stored, "customer");
    const text = [view.summary, view.steps[0]!.message, view.diagnosis!.cause, view.diagnosis!.fix].join(" ");
    expect(text).not.toMatch(SERVER_INSTRUCTIONS);
    expect(view.diagnosis!.cause).toContain(`reference ${stored.id}`);
    expect(view.summary).toBe("Getting a token failed: The connection was cut.");
  });

  it("a connected run names no host or audience in the customer's headline, but staff keep them", () => {
    const pair = "via https://acme.my.salesforce.com (audience https://login.salesforce.com)";
    const connected = {
      ...stored,
      outcome: "connected" as const,
      failedStep: null,
      errorCode: null,
      summary: `Connected as i@acme.example ${pair}; API version 62.0.`,
      steps: [
        { name: "token", status: "ok", message: "Token issued by https://acme.my.salesforce.com.", durationMs: 80 },
      ],
    };
    const view = toTestRunView(connected, "customer");
    expect(view.summary).toBe("Connected as i@acme.example; API version 62.0.");
    expect(view.steps[0]!.message).toBe("Salesforce issued a token.");
    expect(toTestRunView(connected, "staff").summary).toContain(pair);
  });

  it("staff read the run as recorded", () => {
    const view = toTestRunView(stored, "staff");
    expect(view.summary).toBe(stored.summary);
    expect(view.diagnosis!.fix).toMatch(/proxy or firewall/);
    expect(view.diagnosis!.fixableBy).toBe("provider");
  });

  it("a run recorded before fixableBy existed is still read as the provider's when its code is", () => {
    const old: Partial<Diagnosis> = { ...reset };
    delete old.fixableBy;
    const view = toTestRunView({ ...stored, steps: [{ ...stored.steps[0], diagnosis: old }] }, "customer");
    expect(view.diagnosis!.fixableBy).toBe("provider");
    expect(view.diagnosis!.fix).toBe(PROVIDER_SIDE_FIX);
  });
});

describe("times as the customer reads them", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  const inDays = (days: number) => new Date(now + days * 86_400_000);

  it("durations under a second are in milliseconds", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(420)).toBe("420 ms");
    expect(formatDuration(999)).toBe("999 ms");
    expect(formatDuration(1000)).toBe("1.0 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
  });

  it("days left are rounded up, and any passed date is negative", () => {
    expect(daysUntil(inDays(364.99), now)).toBe(365);
    expect(daysUntil(inDays(2.3), now)).toBe(3);
    expect(daysUntil(inDays(0.1), now)).toBe(1);
    expect(daysUntil(inDays(-0.1), now)).toBe(-1);
    expect(daysUntil(inDays(-3), now)).toBe(-3);
  });

  it("relative times read as a person would say them", () => {
    expect(formatRelative(new Date(now - 20_000), now)).toBe("just now");
    expect(formatRelative(new Date(now - 60_000), now)).toBe("1 minute ago");
    expect(formatRelative(new Date(now - 5 * 3_600_000), now)).toBe("5 hours ago");
    expect(formatRelative(inDays(-3).toISOString(), now)).toBe("3 days ago");
  });
});
