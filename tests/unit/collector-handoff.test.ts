import { describe, expect, test } from "vitest";
import { apiTokenFormSchema } from "@/lib/api/schemas";
import { exportRequestSchema } from "@/lib/connections/schemas";
import { handoffFields, tokenRows } from "@/lib/connections/handoff";
import { fieldErrors } from "@/lib/validation/field-errors";

const base = { kind: "pem", accountPassword: "my password", reason: "Install on siem-01" };
const errorsOf = (input: unknown) => {
  const parsed = exportRequestSchema.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
};

describe("exportRequestSchema", () => {
  test("a server.pem export needs only the password and a reason; the key path defaults", () => {
    expect(exportRequestSchema.parse(base)).toMatchObject({
      kind: "pem",
      reason: "Install on siem-01",
      keyPath: "/etc/filebeat/salesforce/server.pem",
    });
    expect(exportRequestSchema.parse({ ...base, keyPath: "" }).keyPath).toBe("/etc/filebeat/salesforce/server.pem");
  });

  test("the reason is 5 to 500 characters of one line, and the password is required", () => {
    expect(errorsOf({ ...base, reason: "   abc  " }).reason).toMatch(/5 to 500/);
    expect(errorsOf({ ...base, reason: "x".repeat(501) }).reason).toMatch(/500/);
    expect(errorsOf({ ...base, reason: "line one\nline two" }).reason).toMatch(/one line/);
    expect(errorsOf({ ...base, accountPassword: "" }).accountPassword).toMatch(/account password/);
    expect(errorsOf({ ...base, kind: "p7b" }).kind).toMatch(/Choose what to download/);
  });

  test("keystores apply the keystore rules to the form's keystorePassword and alias", () => {
    expect(errorsOf({ ...base, kind: "pkcs12", keystorePassword: "abc", alias: "jwt_key" }).keystorePassword).toMatch(
      /at least 6/,
    );
    expect(errorsOf({ ...base, kind: "jks", keystorePassword: "changeit", alias: "1" }).alias).toMatch(
      /must not be "1"/,
    );
    expect(errorsOf({ ...base, kind: "jks", keystorePassword: "changeit", alias: "jwt_key" })).toEqual({});
    // server.pem ignores the keystore fields.
    expect(errorsOf({ ...base, keystorePassword: "abc", alias: "1" })).toEqual({});
  });

  test("a relative key path is refused for the bundle", () => {
    expect(errorsOf({ ...base, kind: "bundle", keyPath: "server.pem" }).keyPath).toMatch(/absolute/);
  });
});

describe("apiTokenFormSchema", () => {
  const connectionId = "0b7f3a52-8a38-4a2c-9d3e-3b0d6a1f7c11";
  test("one checkbox per scope becomes the scope list; an empty expiry means none", () => {
    const parsed = apiTokenFormSchema.parse({
      connectionId,
      name: " siem-01 ",
      "scope:keys:read": "on",
      "scope:tests:run": "on",
      expiresDays: "",
    });
    expect(parsed).toEqual({ connectionId, name: "siem-01", scopes: ["keys:read", "tests:run"], expiresDays: null });
    expect(
      apiTokenFormSchema.parse({ connectionId, name: "a", "scope:keys:read": "on", expiresDays: "90" }).expiresDays,
    ).toBe(90);
  });

  test("no scope, a bad expiry and a missing name are field errors", () => {
    const parsed = apiTokenFormSchema.safeParse({ connectionId, name: "", expiresDays: "1.5" });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!);
    expect(Object.keys(errors).sort()).toEqual(["expiresDays", "name", "scopes"]);
    expect(
      fieldErrors(
        apiTokenFormSchema.safeParse({ connectionId, name: "a", "scope:keys:read": "on", expiresDays: "4000" }).error!,
      ).expiresDays,
    ).toMatch(/3650/);
  });
});

describe("handoffFields", () => {
  const connection = {
    instanceUrl: "https://login.salesforce.com",
    username: "integration@acme.example",
    clientId: "3MVG9abc",
    apiVersion: null,
    tokenHost: "https://login.salesforce.com",
    audience: "https://login.salesforce.com",
  };
  test("after a test: the token's instance URL (not login) and a whole API version; the bundle is ready", () => {
    const view = handoffFields({ ...connection, tokenInstanceUrl: "https://acme.my.salesforce.com" }, "63.0");
    expect(view).toEqual({
      bundleReady: true,
      fields: {
        username: connection.username,
        clientId: "3MVG9abc",
        instanceUrl: "https://acme.my.salesforce.com",
        apiVersion: "63.0",
      },
    });
  });
  test("before a test: the saved fields as they are, and no bundle", () => {
    const view = handoffFields({ ...connection, tokenHost: null, audience: null }, null);
    expect(view).toEqual({
      bundleReady: false,
      fields: {
        username: connection.username,
        clientId: "3MVG9abc",
        instanceUrl: "https://login.salesforce.com",
        apiVersion: null,
      },
    });
  });
});

test("tokenRows shows a hint, never the token, and marks expired ones", () => {
  const now = Date.parse("2025-06-01T00:00:00Z");
  const [row] = tokenRows(
    [
      {
        id: "t1",
        name: "siem",
        scopes: ["keys:read"],
        tokenHint: "Wx9z",
        createdAt: new Date(now - 86_400_000),
        createdByEmail: null,
        expiresAt: new Date(now - 1000),
        lastUsedAt: new Date(now - 60_000),
        lastUsedIp: "203.0.113.9",
        revokedAt: null,
      },
    ],
    now,
  );
  expect(row).toMatchObject({
    hint: "…Wx9z",
    createdBy: "unknown",
    revoked: null,
    lastUsed: "2025-05-31 23:59:00 UTC from 203.0.113.9",
  });
  expect(row!.expires).toMatch(/\(expired\)$/);
});
