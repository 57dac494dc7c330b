import { describe, expect, it } from "vitest";
import { clientIdWarning } from "@/lib/connections/client-id";
import { collectorConfig } from "@/lib/connections/collector-config";
import { buildChecklist, CHECKLIST_STEP_IDS, parseChecklistState } from "@/lib/connections/checklist";
import { salesforceFieldsSchema } from "@/lib/connections/schemas";
import { fieldErrors } from "@/lib/validation/field-errors";

const schema = salesforceFieldsSchema([]);
const good = {
  username: "Integration@Acme.com",
  clientId: `3MVG9${"a".repeat(80)}`,
  instanceUrl: "https://ACME.my.salesforce.com/lightning/setup/",
  apiVersion: "",
  environment: "auto",
};

describe("Salesforce connection fields", () => {
  it("normalises the instance URL and username and detects the environment", () => {
    expect(schema.parse(good)).toEqual({
      username: "integration@acme.com",
      clientId: good.clientId,
      instanceUrl: "https://acme.my.salesforce.com",
      apiVersion: null,
      environment: "production",
      myDomainOnly: false,
    });
    expect(schema.parse({ ...good, instanceUrl: "acme--uat.sandbox.my.salesforce.com" }).environment).toBe("sandbox");
    expect(
      schema.parse({ ...good, instanceUrl: "acme--uat.sandbox.my.salesforce.com", environment: "production" })
        .environment,
    ).toBe("production");
    expect(schema.parse({ ...good, apiVersion: "62.0" }).apiVersion).toBe("62.0");
  });

  it.each([
    "integration@acme.com.dev1",
    "user@acme.com.qa01",
    "user@acme.com.full2",
    "ops+sf@sub.acme.co.uk",
    "jörg@bücher.de",
  ])("accepts the Salesforce username %s", (username) => {
    expect(schema.safeParse({ ...good, username }).success).toBe(true);
  });

  it.each(["nope", "a@b", "a b@acme.com", "a@acme..com", "@acme.com", `${"x".repeat(70)}@acme.com.dev1`])(
    "refuses the username %s with a field error",
    (username) => {
      const result = schema.safeParse({ ...good, username });
      expect(result.success).toBe(false);
      if (!result.success) expect(fieldErrors(result.error).username).toBeTruthy();
    },
  );

  it("refuses login.salesforce.com as the Instance URL", () => {
    const result = schema.safeParse({ ...good, instanceUrl: "https://login.salesforce.com" });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error).instanceUrl).toMatch(/My Domain/);
  });

  it("keeps the Gov Cloud / My Domain only box", () => {
    expect(schema.parse({ ...good, myDomainOnly: "on" }).myDomainOnly).toBe(true);
    expect(schema.safeParse({ ...good, myDomainOnly: "yes please" }).success).toBe(false);
  });

  it("reports every bad field at once, with what is expected", () => {
    const result = schema.safeParse({
      username: "nope",
      clientId: "3MVG 9",
      instanceUrl: "https://acme.lightning.force.com",
      apiVersion: "62",
      environment: "staging",
    });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors.username).toMatch(/email address/);
    expect(errors.clientId).toMatch(/spaces/);
    expect(errors.instanceUrl).toContain("https://acme.my.salesforce.com");
    expect(errors.apiVersion).toMatch(/62\.0/);
    expect(errors.environment).toMatch(/Production or Sandbox/);
  });

  it.each([
    ["http://acme.my.salesforce.com", /https/],
    ["https://evil.example.com", /My Domain/],
    ["https://acme.my.salesforce.com.evil.com", /My Domain/],
    ["https://127.0.0.1", /./],
    ["https://x@acme.my.salesforce.com", /./],
    ["https://acme.my.salesforce.com:8443", /./],
  ])("rejects the instance URL %s", (instanceUrl, message) => {
    const result = schema.safeParse({ ...good, instanceUrl });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!).instanceUrl).toMatch(message);
  });

  it("accepts a local fake only when its exact origin is opted in", () => {
    expect(schema.safeParse({ ...good, instanceUrl: "http://127.0.0.1:4010" }).success).toBe(false);
    expect(
      salesforceFieldsSchema(["http://127.0.0.1:4010"]).parse({ ...good, instanceUrl: "http://127.0.0.1:4010" })
        .instanceUrl,
    ).toBe("http://127.0.0.1:4010");
  });

  it("rejects API versions the collector cannot use", () => {
    expect(fieldErrors(schema.safeParse({ ...good, apiVersion: "45.0" }).error!).apiVersion).toMatch(/46\.0/);
  });

  it("warns, without blocking, about a Client ID that does not look like a consumer key", () => {
    expect(clientIdWarning(good.clientId)).toBeNull();
    expect(clientIdWarning("my-app-name")).toMatch(/3MVG/);
    expect(schema.safeParse({ ...good, clientId: "my-app-name" }).success).toBe(true);
  });
});

describe("setup checklist", () => {
  it("personalises the callback URL, fingerprint and username, and has a step for every diagnosis target", () => {
    const items = buildChecklist({
      instanceUrl: "https://acme.my.salesforce.com",
      username: "i@acme.com",
      certificate: {
        fingerprintSha256: "AB:CD",
        serialHex: "0a1b",
        notAfter: new Date("2030-01-01T00:00:00Z"),
        uploadFormat: "pem",
      },
    });
    const values = items.flatMap((i) => i.values.map((v) => v.value));
    expect(values).toContain("https://acme.my.salesforce.com/callback");
    expect(values).toContain("AB:CD");
    expect(values).toContain("i@acme.com");
    const ids = items.map((i) => i.id);
    for (const step of ["client-id", "upload-certificate", "permitted-users", "scopes", "my-domain", "user"])
      expect(ids).toContain(step);
    expect([...ids].sort()).toEqual([...CHECKLIST_STEP_IDS].sort());
  });

  it("keeps only known, ticked steps from stored state", () => {
    expect(parseChecklistState({ "client-id": true, scopes: false, bogus: true, "my-domain": "yes" })).toEqual({
      "client-id": true,
    });
    expect(parseChecklistState(null)).toEqual({});
  });
});

describe("collector configuration", () => {
  const base = {
    instanceUrl: "https://acme.my.salesforce.com",
    username: "i@acme.com",
    clientId: "3MVG9abc",
    apiVersion: null,
    tokenHost: "https://acme.my.salesforce.com",
    audience: "https://acme.my.salesforce.com",
  };

  it("is only offered once a test has saved a working pair", () => {
    expect(collectorConfig({ ...base, tokenHost: null, audience: null }, "62.0")).toBeNull();
  });

  it("fills the Filebeat and Agent settings with the tested pair and version", () => {
    const config = collectorConfig(base, "61.0")!;
    expect(config.filebeat).toContain("url: https://acme.my.salesforce.com\n    version: 61\n");
    expect(config.filebeat).toContain("client.id: 3MVG9abc");
    expect(config.agent).toContain("jwt_url: https://acme.my.salesforce.com");
    expect(config.agent).toContain('api_version: "61"');
    expect(config.env).toContain("SALESFORCE_API_VERSION='61.0'");
    expect(config.warning).toBeNull();
  });

  it("warns when the org needs a token host and audience that differ, which Elastic cannot express", () => {
    const config = collectorConfig({ ...base, audience: "https://login.salesforce.com" }, "62.0")!;
    expect(config.agent).toContain("jwt_url: https://login.salesforce.com");
    expect(config.warning).toMatch(/one URL for both/);
  });
});
