import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  collectorConfig,
  collectorFiles,
  collectorFilesQuerySchema,
  keyPathSchema,
  type CollectorInput,
} from "@/lib/connections/collector-config";
import type { CollectorReadiness } from "@/lib/salesforce/preflight";

const base: CollectorInput = {
  instanceUrl: "https://acme.my.salesforce.com",
  username: "i@acme.com",
  clientId: "3MVG9abc",
  apiVersion: null,
  tokenHost: "https://acme.my.salesforce.com",
  audience: "https://acme.my.salesforce.com",
};

const addOn: CollectorReadiness = {
  eventTypes: [
    { eventType: "Login", interval: "Hourly", files: 120 },
    { eventType: "Login", interval: "Daily", files: 7 },
  ],
  eventLogFilesReadable: true,
  hourlyAvailable: true,
  logFileInterval: "Hourly",
  loginEventQueryable: true,
  setupAuditTrailQueryable: true,
  objectOption: true,
  readsNothing: false,
};
const freeTier: CollectorReadiness = {
  ...addOn,
  eventTypes: [{ eventType: "Login", interval: "Daily", files: 1 }],
  hourlyAvailable: false,
  logFileInterval: "Daily",
  loginEventQueryable: false,
  objectOption: false,
};
const empty: CollectorReadiness = { ...freeTier, eventTypes: [], logFileInterval: null, readsNothing: true };

type Yaml = Record<string, unknown>;

/** Reads a key the way go-ucfg does: `a.b.c` matches nested maps and dotted keys alike. */
function get(obj: unknown, path: string): unknown {
  if (path === "") return obj;
  if (typeof obj !== "object" || obj === null) return undefined;
  const parts = path.split(".");
  for (let i = parts.length; i > 0; i--) {
    const key = parts.slice(0, i).join(".");
    if (key in obj) {
      const found = get((obj as Yaml)[key], parts.slice(i).join("."));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

// Beats reads YAML 1.1; Kibana and most tools 1.2. Both must read the same document.
function parseBoth(text: string): Yaml {
  const v11 = parse(text, { version: "1.1" }) as Yaml;
  expect(parse(text, { version: "1.2" })).toEqual(v11);
  return v11;
}

function filebeatInput(text: string): Yaml {
  const inputs = get(parseBoth(text), "filebeat.inputs");
  expect(Array.isArray(inputs) && inputs.length === 1).toBe(true);
  return (inputs as Yaml[])[0]!;
}

const nonEmpty = (v: unknown) => typeof v === "string" && v.trim() !== "";

/** The salesforce input's own checks (beats x-pack/filebeat/input/salesforce config.go, Validate), as a list of problems. */
function beatsProblems(input: Yaml): string[] {
  const problems: string[] = [];
  const url = get(input, "url");
  if (typeof url !== "string" || !url.startsWith("https://")) problems.push("url is not https");
  else if (/^https:\/\/(login|test)\.salesforce\.com/i.test(url)) problems.push("url is a login host");
  const version = get(input, "version");
  if (!Number.isInteger(version) || (version as number) < 46) problems.push("version is not an integer of 46 or more");
  if (get(input, "auth.oauth2.jwt_bearer_flow.enabled") !== true) problems.push("jwt_bearer_flow is not enabled");
  for (const key of ["client.id", "client.username", "client.key_path", "url"])
    if (!nonEmpty(get(input, `auth.oauth2.jwt_bearer_flow.${key}`))) problems.push(`jwt_bearer_flow.${key} is empty`);
  const methods = ["event_log_file", "object"].filter(
    (m) => get(input, `event_monitoring_method.${m}.enabled`) === true,
  );
  if (methods.length === 0) problems.push("no event_monitoring_method is enabled");
  for (const m of methods)
    for (const key of ["interval", "query.default", "query.value", "cursor.field"])
      if (!nonEmpty(get(input, `event_monitoring_method.${m}.${key}`))) problems.push(`${m}.${key} is empty`);
  return problems;
}

function files(input: CollectorInput, keyPath?: string) {
  const f = collectorFiles(input, { testedApiVersion: "62.0", ...(keyPath ? { keyPath } : {}) });
  expect(f).not.toBeNull();
  return { ...f!, filebeat: filebeatInput(f!.filebeatYml), agent: parseBoth(f!.elasticAgentYml) };
}

// Sources the env file in a POSIX shell and prints one variable, exactly.
const fromShell = (env: string, name: string) =>
  execFileSync("sh", ["-c", `set -a\n${env}\nprintf '%s' "$${name}"`], { encoding: "utf8" });

describe("collectorFiles: event_monitoring_method from the last test", () => {
  it("reads Hourly files and turns the object method on for an add-on org, in a config Beats accepts", () => {
    const { filebeat, agent } = files({ ...base, readiness: addOn });
    expect(beatsProblems(filebeat)).toEqual([]);
    expect(get(filebeat, "type")).toBe("salesforce");
    expect(get(filebeat, "enabled")).toBe(true);
    expect(get(filebeat, "event_monitoring_method.event_log_file")).toEqual({
      enabled: true,
      interval: "1h",
      query: {
        default:
          "SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='Hourly' ORDER BY CreatedDate ASC NULLS FIRST",
        value:
          "SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='Hourly' AND CreatedDate > [[ .cursor.event_log_file.last_event_time ]] ORDER BY CreatedDate ASC NULLS FIRST",
      },
      cursor: { field: "CreatedDate" },
    });
    expect(get(filebeat, "event_monitoring_method.object")).toMatchObject({
      enabled: true,
      interval: "1h",
      cursor: { field: "EventDate" },
    });
    expect(get(filebeat, "event_monitoring_method.object.query.default")).toMatch(
      /^SELECT FIELDS\(STANDARD\) FROM LoginEvent /,
    );
    expect(get(filebeat, "event_monitoring_method.object.query.value")).toMatch(
      /FROM LoginEvent WHERE EventDate > \[\[ \.cursor\.object\./,
    );
    for (const stream of ["login", "logout"])
      expect(get(agent, `streams.${stream}`)).toEqual({
        enabled: true,
        api_version: "62",
        event_log_file: true,
        log_file_interval: "Hourly",
        object: true,
      });
    expect(get(agent, "streams.apex")).toEqual({ enabled: true, api_version: "62", log_file_interval: "Hourly" });
    expect(get(agent, "streams.setupaudittrail")).toEqual({ enabled: true, api_version: "62" });
    expect(collectorConfig({ ...base, readiness: addOn }, "62.0")!.notes).toEqual([]);
  });

  it("reads Daily files and leaves the object method out for a free org", () => {
    const { filebeat, agent, filebeatYml, env } = files({ ...base, readiness: freeTier });
    expect(beatsProblems(filebeat)).toEqual([]);
    expect(get(filebeat, "event_monitoring_method.event_log_file.query.default")).toContain("Interval='Daily'");
    expect(get(filebeat, "event_monitoring_method.event_log_file.query.value")).toContain("Interval='Daily'");
    expect(filebeatYml).not.toContain("Interval='Hourly'");
    expect(get(filebeat, "event_monitoring_method.object")).toBeUndefined();
    expect(filebeatYml).not.toContain("FROM LoginEvent");
    expect(filebeatYml).toMatch(/# object \(LoginEvent\) is off: LoginEvent is not readable in this org/);
    for (const stream of ["login", "logout"])
      expect(get(agent, `streams.${stream}`)).toMatchObject({ log_file_interval: "Daily", object: false });
    expect(get(agent, "streams.apex.log_file_interval")).toBe("Daily");
    expect(fromShell(env, "SALESFORCE_LOG_FILE_INTERVAL")).toBe("Daily");
    expect(fromShell(env, "SALESFORCE_OBJECT")).toBe("false");
    const notes = collectorConfig({ ...base, readiness: freeTier }, "62.0")!.notes.join(" ");
    expect(notes).toMatch(/only Daily event log files/);
    expect(notes).toMatch(/LoginEvent is not readable/);
  });

  it("always keeps event_log_file enabled, which Filebeat requires, and says when nothing would be read", () => {
    const { filebeat } = files({ ...base, readiness: empty });
    expect(beatsProblems(filebeat)).toEqual([]);
    expect(get(filebeat, "event_monitoring_method.event_log_file.enabled")).toBe(true);
    expect(get(filebeat, "event_monitoring_method.event_log_file.query.default")).toContain("Interval='Daily'");
    expect(collectorConfig({ ...base, readiness: empty }, "62.0")!.notes.join(" ")).toMatch(
      /nothing for the collector to read yet/,
    );
  });

  it("falls back to Elastic's Hourly default, object off, and asks for a test when nothing is known", () => {
    for (const readiness of [undefined, null]) {
      const { filebeat, agent } = files({ ...base, readiness });
      expect(beatsProblems(filebeat)).toEqual([]);
      expect(get(filebeat, "event_monitoring_method.event_log_file.query.default")).toContain("Interval='Hourly'");
      expect(get(filebeat, "event_monitoring_method.object")).toBeUndefined();
      expect(get(agent, "streams.login.object")).toBe(false);
      expect(collectorConfig({ ...base, readiness }, "62.0")!.notes.join(" ")).toMatch(/Run Test connection/);
    }
  });

  it("turns the setupaudittrail stream off when SetupAuditTrail is not readable", () => {
    const { agent, elasticAgentYml } = files({ ...base, readiness: { ...addOn, setupAuditTrailQueryable: false } });
    expect(get(agent, "streams.setupaudittrail.enabled")).toBe(false);
    expect(elasticAgentYml).toMatch(/enabled: false # off: SetupAuditTrail is not readable by this user/);
  });
});

describe("collectorFiles: the connection's values", () => {
  it("puts the JWT settings in Filebeat's and the Agent's names, and the env file", () => {
    const { filebeat, agent, env, elasticAgentYml } = files({
      ...base,
      audience: "https://acme.my.salesforce.com",
      readiness: addOn,
    });
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow")).toEqual({
      enabled: true,
      "client.id": "3MVG9abc",
      "client.username": "i@acme.com",
      "client.key_path": "/etc/filebeat/salesforce/server.pem",
      url: "https://acme.my.salesforce.com",
    });
    expect(agent.vars).toEqual({
      instance_url: "https://acme.my.salesforce.com",
      jwt_enabled: true,
      username: "i@acme.com",
      client_id: "3MVG9abc",
      client_key_path: "/etc/filebeat/salesforce/server.pem",
      jwt_url: "https://acme.my.salesforce.com",
    });
    expect(elasticAgentYml.split("\n")[0]).toMatch(/^# elastic-agent\.yml/);
    expect(elasticAgentYml).toMatch(/^# vars: /m);
    expect(elasticAgentYml).toMatch(/^# streams\.<data stream>: /m);
    expect(
      env
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split("=")[0]),
    ).toEqual([
      "SALESFORCE_INSTANCE_URL",
      "SALESFORCE_USERNAME",
      "SALESFORCE_CLIENT_ID",
      "SALESFORCE_KEY_PATH",
      "SALESFORCE_AUDIENCE",
      "SALESFORCE_TOKEN_URL",
      "SALESFORCE_API_VERSION",
      "SALESFORCE_LOG_FILE_INTERVAL",
      "SALESFORCE_OBJECT",
    ]);
    expect(fromShell(env, "SALESFORCE_INSTANCE_URL")).toBe("https://acme.my.salesforce.com");
    expect(fromShell(env, "SALESFORCE_API_VERSION")).toBe("62.0");
  });

  it.each([
    ["a username with YAML-special characters", { username: "a: b#c@acme.com.dev1" }],
    ["a username with quotes and a shell dollar", { username: `o'brien "x" $HOME: #@acme.com` }],
    ["a username with a leading dash and brackets", { username: "- [a]{b}@acme.com" }],
    ["client ids YAML 1.1 reads as booleans", { clientId: "yes" }],
    ["client ids YAML 1.1 reads as numbers", { clientId: "1_000" }],
    ["client ids YAML 1.2 reads as octal", { clientId: "0o17" }],
    ["client ids YAML reads as null", { clientId: "~" }],
  ])("keeps %s exactly, in every file", (_, values) => {
    const input = { ...base, ...values };
    const { filebeat, agent, env } = files(input);
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.client.username")).toBe(input.username);
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.client.id")).toBe(input.clientId);
    expect(get(agent, "vars.username")).toBe(input.username);
    expect(get(agent, "vars.client_id")).toBe(input.clientId);
    expect(fromShell(env, "SALESFORCE_USERNAME")).toBe(input.username);
    expect(fromShell(env, "SALESFORCE_CLIENT_ID")).toBe(input.clientId);
  });

  it("writes the API version as an integer of 46 or more for Filebeat and a string for the Agent", () => {
    expect(get(files({ ...base, apiVersion: "61.0" }).filebeat, "version")).toBe(61);
    expect(get(files({ ...base, apiVersion: "61.0" }).agent, "streams.login.api_version")).toBe("61");
    // A saved version the input refuses (or garbage) falls through to the tested one.
    expect(get(files({ ...base, apiVersion: "45.0" }).filebeat, "version")).toBe(62);
    expect(
      get(
        filebeatInput(collectorFiles({ ...base, apiVersion: "nope" }, { testedApiVersion: null })!.filebeatYml),
        "version",
      ),
    ).toBe(62);
  });

  it("is only offered once a test has saved a working pair", () => {
    expect(collectorFiles({ ...base, tokenHost: null, audience: null })).toBeNull();
    expect(collectorConfig({ ...base, tokenHost: null }, "62.0")).toBeNull();
  });
});

describe("collectorFiles: the key path", () => {
  it("uses the path given, in all three files", () => {
    const keyPath = "/opt/collector/keys/acme prod.pem";
    const { filebeat, agent, env } = files(base, keyPath);
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.client.key_path")).toBe(keyPath);
    expect(get(agent, "vars.client_key_path")).toBe(keyPath);
    expect(fromShell(env, "SALESFORCE_KEY_PATH")).toBe(keyPath);
  });

  it("accepts absolute POSIX and Windows paths and refuses the rest", () => {
    expect(keyPathSchema.safeParse("/etc/filebeat/salesforce/server.pem").success).toBe(true);
    expect(keyPathSchema.safeParse("C:\\ProgramData\\Elastic\\server.pem").success).toBe(true);
    for (const bad of [
      "",
      "server.pem",
      "./server.pem",
      "~/server.pem",
      "/etc/a\nb.pem",
      "/etc/a\tb.pem",
      "/etc/a\u0000.pem",
      "/etc/\u007f.pem",
      `/${"a".repeat(255)}`,
    ]) {
      expect(keyPathSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(keyPathSchema.safeParse(`/${"a".repeat(254)}`).success).toBe(true);
    expect(() => collectorFiles(base, { keyPath: "relative/server.pem" })).toThrow(/absolute/);
  });

  it("parses the download's query string, with the default key path", () => {
    expect(collectorFilesQuerySchema.parse({ format: "filebeat" })).toEqual({
      format: "filebeat",
      keyPath: "/etc/filebeat/salesforce/server.pem",
    });
    expect(collectorFilesQuerySchema.parse({ format: "env", keyPath: "/k.pem" })).toEqual({
      format: "env",
      keyPath: "/k.pem",
    });
    expect(collectorFilesQuerySchema.safeParse({ format: "xml" }).success).toBe(false);
    expect(collectorFilesQuerySchema.safeParse({ format: "elastic-agent", keyPath: "k.pem" }).success).toBe(false);
  });
});

describe("collectorFiles: the url the collector downloads from", () => {
  it("uses the token's instance_url when present", () => {
    expect(get(files({ ...base, tokenInstanceUrl: "https://acme.my.salesforce.com/" }).filebeat, "url")).toBe(
      "https://acme.my.salesforce.com",
    );
    const sandbox = files({
      ...base,
      instanceUrl: "https://acme--dev.sandbox.my.salesforce.com",
      tokenInstanceUrl: "https://acme--dev.sandbox.my.salesforce.com",
    });
    expect(get(sandbox.agent, "vars.instance_url")).toBe("https://acme--dev.sandbox.my.salesforce.com");
  });

  it("never puts login or test as url, even when the connection was saved with one", () => {
    for (const host of [
      "https://login.salesforce.com",
      "https://test.salesforce.com",
      "https://LOGIN.salesforce.com",
    ]) {
      const viaToken = files({
        ...base,
        instanceUrl: host,
        tokenHost: host,
        audience: host,
        tokenInstanceUrl: "https://acme.my.salesforce.com",
      });
      expect(beatsProblems(viaToken.filebeat)).toEqual([]);
      expect(get(viaToken.filebeat, "url")).toBe("https://acme.my.salesforce.com");
      expect(get(viaToken.agent, "vars.instance_url")).toBe("https://acme.my.salesforce.com");
      // The audience may still be login/test: that is the jwt url, not the instance url.
      expect(get(viaToken.filebeat, "auth.oauth2.jwt_bearer_flow.url")).toBe(host);
      expect(get(viaToken.agent, "vars.jwt_url")).toBe(host);

      const unknown = files({ ...base, instanceUrl: host, tokenHost: host, audience: host, tokenInstanceUrl: host });
      expect(get(unknown.filebeat, "url")).not.toMatch(/(login|test)\.salesforce\.com/i);
      expect(get(unknown.agent, "vars.instance_url")).not.toMatch(/(login|test)\.salesforce\.com/i);
      expect(fromShell(unknown.env, "SALESFORCE_INSTANCE_URL")).not.toMatch(/(login|test)\.salesforce\.com/i);
      expect(unknown.warning).toMatch(/not login\.salesforce\.com or test\.salesforce\.com/);
    }
  });

  it("ignores a token instance_url that is not a URL", () => {
    const { filebeat, warning } = files({ ...base, tokenInstanceUrl: "not a url" });
    expect(get(filebeat, "url")).toBe("https://acme.my.salesforce.com");
    expect(warning).toBeNull();
  });
});

describe("collectorFiles: a token host that differs from the audience", () => {
  const mixed = { ...base, tokenHost: "https://acme.my.salesforce.com", audience: "https://login.salesforce.com" };

  it("emits token_url with a comment, and says plainly that the stock input cannot log in", () => {
    const { filebeat, filebeatYml, agent, env, warning } = files(mixed);
    expect(beatsProblems(filebeat)).toEqual([]);
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.url")).toBe("https://login.salesforce.com");
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.token_url")).toBe("https://acme.my.salesforce.com");
    expect(filebeatYml).toMatch(
      /token_url: https:\/\/acme\.my\.salesforce\.com # needs a salesforce input version that reads token_url \(beats PR #43933\)/,
    );
    expect(get(agent, "vars.jwt_url")).toBe("https://login.salesforce.com");
    expect(JSON.stringify(agent)).not.toContain("token_url");
    expect(fromShell(env, "SALESFORCE_TOKEN_URL")).toBe("https://acme.my.salesforce.com");
    expect(warning).toMatch(/one URL for both/);
    expect(warning).toMatch(/the stock input cannot log in to this org/);
    expect(warning).toMatch(/beats PR #43933/);
    // No advice to send the token request to the audience host: that pair failed the test.
    expect(warning).not.toMatch(/set (it|url|the url) to/i);
    expect(collectorConfig(mixed, "62.0")!.warning).toBe(warning);
  });

  it("treats the same origin written differently as one pair", () => {
    const { filebeat, warning } = files({ ...base, audience: "https://ACME.my.salesforce.com/" });
    expect(get(filebeat, "auth.oauth2.jwt_bearer_flow.token_url")).toBeUndefined();
    expect(warning).toBeNull();
  });
});
