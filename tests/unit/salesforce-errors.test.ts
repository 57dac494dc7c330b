import { describe, expect, it } from "vitest";
import { diagnoseOutboundError, diagnoseTokenError } from "@/lib/salesforce/errors";
import { OutboundError, type OutboundErrorKind } from "@/lib/salesforce/outbound";
import { diagnoseRestError } from "@/lib/salesforce/rest-errors";

const body = (error: string, description?: string) =>
  JSON.stringify(description === undefined ? { error } : { error, error_description: description });

describe("diagnoseTokenError: every row of the catalogue", () => {
  // final: "any" = stop whichever host said it; "my-domain" = stop only when the org's My Domain said it.
  it.each([
    ["invalid_client_id", "client identifier invalid", "invalid_client_id", "client-id", "my-domain"],
    ["invalid_grant", "invalid assertion", "invalid_assertion", "upload-certificate", "my-domain"],
    ["invalid_grant", "audience is invalid", "audience_invalid", "my-domain", "no"],
    ["invalid_grant", "user hasn't approved this consumer", "user_not_approved", "permitted-users", "no"],
    [
      "invalid_app_access",
      "user is not admin approved to access this app",
      "user_not_admin_approved",
      "permitted-users",
      "my-domain",
    ],
    [
      "invalid_grant",
      "user is not admin approved to access this app",
      "user_not_admin_approved",
      "permitted-users",
      "my-domain",
    ],
    ["app_not_found", "External client app is not installed in this org", "app_not_installed", "my-domain", "no"],
    ["invalid_grant", "expired authorization code", "assertion_expired", undefined, "my-domain"],
    ["invalid_grant", "inactive user", "user_inactive", "user", "my-domain"],
    ["inactive_user", "inactive user", "user_inactive", "user", "my-domain"],
    ["invalid_grant", "user is locked", "user_locked", "user", "my-domain"],
    ["invalid_grant", "IP restricted or invalid login hours", "ip_restricted", "user", "my-domain"],
    ["inactive_org", "the organization is locked", "org_inactive", undefined, "my-domain"],
    [
      "invalid_request",
      "refresh_token scope is required and the connected app should be installed and preauthorized.",
      "refresh_scope_required",
      "scopes",
      "no",
    ],
    ["invalid_grant", "authentication failure", "authentication_failure", "user", "no"],
    ["invalid_grant", "Login Rate Exceeded", "login_rate_exceeded", undefined, "any"],
    ["rate_limit_exceeded", "rate limit exceeded", "rate_limit_exceeded", undefined, "any"],
    ["unsupported_grant_type", "grant type not supported", "unsupported_grant_type", undefined, "any"],
  ])("%s / %s → %s", (error, description, code, step, final) => {
    const d = diagnoseTokenError(400, body(error, description));
    expect(d.code).toBe(code);
    expect(d.checklistStep).toBe(step);
    expect(d.stopEarly).toBe(final === "any");
    expect(Boolean(d.finalOnMyDomain)).toBe(final === "my-domain");
    expect(d.salesforceError).toBe(error);
    expect(d.salesforceDescription).toBe(description);
    expect(d.fix.length).toBeGreaterThan(10);
  });

  it("tells an IP-restricted customer that the test ran from the portal's address", () => {
    const d = diagnoseTokenError(400, body("invalid_grant", "ip restricted or invalid login hours"));
    expect(d.fix).toMatch(/Relax IP restrictions/);
    expect(d.fix).toMatch(/Login IP Ranges/);
    expect(d.fix).toMatch(/portal's IP address, which may differ from the collector's/);
  });

  it("matches descriptions case-insensitively and as substrings", () => {
    expect(diagnoseTokenError(400, body("invalid_grant", "Invalid Assertion: signature mismatch")).code).toBe(
      "invalid_assertion",
    );
  });

  it("lets another pair be tried after an audience error or a key unknown to the host", () => {
    expect(diagnoseTokenError(400, body("invalid_grant", "audience is invalid")).tryNextPair).toBe(true);
    expect(diagnoseTokenError(400, body("invalid_client_id", "client identifier invalid")).tryNextPair).toBe(true);
  });

  it("keeps Salesforce's own text for unknown errors", () => {
    const d = diagnoseTokenError(400, body("invalid_grant", "something brand new"));
    expect(d).toMatchObject({
      code: "salesforce_error",
      salesforceError: "invalid_grant",
      salesforceDescription: "something brand new",
      stopEarly: false,
    });
    expect(d.cause).toContain("something brand new");
    expect(diagnoseTokenError(400, body("weird_error")).title).toContain("weird_error");
  });

  it("explains HTML and server errors", () => {
    expect(diagnoseTokenError(200, "<html>login</html>").code).toBe("non_json_response");
    expect(diagnoseTokenError(404, "<html>not found</html>")).toMatchObject({
      code: "non_json_response",
      checklistStep: "my-domain",
    });
    expect(diagnoseTokenError(503, "Service Unavailable").code).toBe("salesforce_unavailable");
    expect(diagnoseTokenError(500, body("server_error", "oops")).code).toBe("salesforce_unavailable");
  });
});

describe("diagnoseOutboundError", () => {
  const kinds: [OutboundErrorKind, string][] = [
    ["blocked_url", "blocked_url"],
    ["dns", "dns_failure"],
    ["tls", "tls_failure"],
    ["timeout", "timeout"],
    ["reset", "connection_reset"],
    ["refused", "connection_refused"],
    ["redirect", "redirect_refused"],
    ["network", "network_error"],
    ["proxy", "proxy_error"],
  ];
  it.each(kinds)("%s → %s with its own message and fix", (kind, code) => {
    const d = diagnoseOutboundError(new OutboundError(kind, `detail for ${kind}`));
    expect(d.code).toBe(code);
    expect(d.cause).toBe(`detail for ${kind}`);
  });
  it("gives every kind a distinct fix", () => {
    const fixes = new Set(kinds.map(([kind]) => diagnoseOutboundError(new OutboundError(kind, "x")).fix));
    expect(fixes.size).toBe(kinds.length);
  });
});

describe("diagnoseRestError", () => {
  const rest = (errorCode: string, message = "m") => JSON.stringify([{ message, errorCode }]);
  const invalidType = (object: string) =>
    rest(
      "INVALID_TYPE",
      `\nSELECT Id FROM ${object}\n^\nERROR at Row:1:Column:16\nsObject type '${object}' is not supported.`,
    );
  it.each([
    [401, "INVALID_SESSION_ID", "invalid_session", "scopes"],
    [403, "API_DISABLED_FOR_ORG", "api_disabled", "user"],
    [403, "REQUEST_LIMIT_EXCEEDED", "request_limit_exceeded", undefined],
    [400, "INVALID_TYPE", "object_unavailable", undefined],
  ])("%i %s → %s", (status, errorCode, code, step) => {
    const d = diagnoseRestError(status, rest(errorCode));
    expect(d).toMatchObject({ code, salesforceError: errorCode });
    expect(d.checklistStep).toBe(step);
  });
  it("keeps unknown REST errors' text", () => {
    expect(diagnoseRestError(400, rest("MALFORMED_QUERY", "bad soql"))).toMatchObject({
      code: "salesforce_rest_error",
      salesforceDescription: "bad soql",
    });
  });
  it("does not mistake an inherited property name for a catalogue entry", () => {
    expect(diagnoseRestError(400, rest("constructor")).code).toBe("salesforce_rest_error");
  });

  describe("INVALID_TYPE is keyed by the object queried", () => {
    it.each([
      ["EventLogFile", "event_log_file_unavailable", "permission-set", /View Event Log Files/],
      ["LoginEvent", "login_event_unavailable", undefined, /Real-Time Event Monitoring/],
      ["SetupAuditTrail", "setup_audit_trail_unavailable", undefined, /View Setup and Configuration/],
    ] as const)("%s → %s", (object, code, step, words) => {
      const named = diagnoseRestError(400, rest("INVALID_TYPE"), { object });
      const fromMessage = diagnoseRestError(400, invalidType(object));
      for (const d of [named, fromMessage]) {
        expect(d).toMatchObject({ code, salesforceError: "INVALID_TYPE", stopEarly: false, tryNextPair: false });
        expect(d.checklistStep).toBe(step);
        expect(`${d.cause} ${d.fix}`).toMatch(words);
      }
    });
    it("prefers the object the caller queried over the message", () => {
      expect(diagnoseRestError(400, invalidType("LoginEvent"), { object: "EventLogFile" }).code).toBe(
        "event_log_file_unavailable",
      );
    });
    it("gives the three objects different titles and fixes", () => {
      const ds = (["EventLogFile", "LoginEvent", "SetupAuditTrail"] as const).map((object) =>
        diagnoseRestError(400, rest("INVALID_TYPE"), { object }),
      );
      expect(new Set(ds.map((d) => d.title)).size).toBe(3);
      expect(new Set(ds.map((d) => d.fix)).size).toBe(3);
    });
    it("does not trust an unknown object name in the message", () => {
      expect(diagnoseRestError(400, invalidType("constructor")).code).toBe("object_unavailable");
    });
  });

  describe("a 401/403 without Salesforce's error body after a token", () => {
    it.each([
      [401, "Bad_OAuth_Token"],
      [403, ""],
      [403, "Forbidden"],
      [403, "<html><body>Forbidden</body></html>"],
      [401, "{}"],
    ])("%i %j → the token was refused for this call, not 'use My Domain'", (status, text) => {
      const d = diagnoseRestError(status, text);
      expect(d).toMatchObject({
        code: "rest_access_refused",
        checklistStep: "scopes",
        stopEarly: false,
        tryNextPair: false,
      });
      expect(d.cause).toContain(`HTTP ${status}`);
      expect(d.fix).toMatch(/api/);
      expect(`${d.title} ${d.fix}`).not.toMatch(/My Domain/);
    });
    it("leaves other non-JSON answers to the HTTP reading", () => {
      expect(diagnoseRestError(404, "<html>not found</html>").code).toBe("non_json_response");
      expect(diagnoseRestError(503, "Service Unavailable").code).toBe("salesforce_unavailable");
    });
    it("still reads a JSON 403 by its error code", () => {
      expect(diagnoseRestError(403, rest("API_DISABLED_FOR_ORG")).code).toBe("api_disabled");
    });
  });
});
