import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildCollectorBundle, collectorReadme } from "@/lib/connections/collector-bundle";

const dir = mkdtempSync(path.join(tmpdir(), "collector-bundle-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY_PATH = "/etc/filebeat/salesforce/server.pem";
const fields = {
  connectionName: "Production org",
  username: "integration@acme.example",
  clientId: "3MVG9fakeConsumerKey.abc",
  instanceUrl: "https://acme.my.salesforce.com",
  apiVersion: "62.0",
  keyPath: KEY_PATH,
  tokenHost: "https://acme.my.salesforce.com",
  audience: "https://acme.my.salesforce.com",
};
const files = {
  privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
  certificatePem: "-----BEGIN CERTIFICATE-----\nMIIDUzCCAjugAwIBAgIQ\n-----END CERTIFICATE-----\n",
  filebeatYml: `- type: salesforce\n  url: https://acme.my.salesforce.com\n    client.key_path: ${KEY_PATH}\n`,
  elasticAgentYml: `instance_url: https://acme.my.salesforce.com\nclient_key_path: ${KEY_PATH}\n`,
  readme: collectorReadme(fields),
};
const MTIME = new Date("2025-03-04T12:00:00Z"); // midday, so the date is the same in any time zone;

async function bundleFile(name: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, await buildCollectorBundle(files, MTIME));
  return file;
}

describe("buildCollectorBundle", () => {
  test("holds the five files; server.pem is -rw------- and the others -rw-r--r--", async () => {
    const zip = await bundleFile("list.zip");
    const names = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n");
    expect(names).toEqual(["server.pem", "server.crt", "filebeat.yml", "elastic-agent.yml", "README.txt"]);
    expect(execFileSync("unzip", ["-l", zip], { encoding: "utf8" })).toMatch(/\s5 files\n$/);

    const modes = Object.fromEntries(
      execFileSync("zipinfo", [zip], { encoding: "utf8" })
        .split("\n")
        .filter((line) => /^[-d]r/.test(line))
        .map((line) => [line.split(/\s+/).at(-1), line.split(/\s+/)[0]]),
    );
    expect(modes).toEqual({
      "server.pem": "-rw-------",
      "server.crt": "-rw-r--r--",
      "filebeat.yml": "-rw-r--r--",
      "elastic-agent.yml": "-rw-r--r--",
      "README.txt": "-rw-r--r--",
    });
    expect(execFileSync("zipinfo", ["-T", zip, "server.pem"], { encoding: "utf8" })).toMatch(
      / 20250304\.\d{6} server\.pem/,
    );
  });

  test("unzip restores every file byte for byte, and server.pem with mode 0600", async () => {
    const zip = await bundleFile("extract.zip");
    const out = path.join(dir, "out");
    mkdirSync(out);
    execFileSync("unzip", ["-q", zip, "-d", out]);
    expect(readdirSync(out).sort()).toEqual([
      "README.txt",
      "elastic-agent.yml",
      "filebeat.yml",
      "server.crt",
      "server.pem",
    ]);
    expect(readFileSync(path.join(out, "server.pem"), "utf8")).toBe(files.privateKeyPem);
    expect(readFileSync(path.join(out, "server.crt"), "utf8")).toBe(files.certificatePem);
    expect(readFileSync(path.join(out, "filebeat.yml"), "utf8")).toBe(files.filebeatYml);
    expect(readFileSync(path.join(out, "elastic-agent.yml"), "utf8")).toBe(files.elasticAgentYml);
    expect(readFileSync(path.join(out, "README.txt"), "utf8")).toBe(files.readme);
    expect(statSync(path.join(out, "server.pem")).mode & 0o777).toBe(0o600);
    expect(execFileSync("unzip", ["-tq", zip], { encoding: "utf8" })).toMatch(/^No errors detected/);
  });
});

describe("collectorReadme", () => {
  test("names the five fields with their values", () => {
    const readme = collectorReadme(fields);
    expect(readme).toContain(`Path of server.pem:   ${KEY_PATH}`);
    expect(readme).toContain("Salesforce username:  integration@acme.example");
    expect(readme).toContain("Client ID:            3MVG9fakeConsumerKey.abc");
    expect(readme).toContain("Instance URL:         https://acme.my.salesforce.com");
    expect(readme).toContain("API version:          62.0");
    expect(readme).toContain("Production org");
  });

  test("says where to put server.pem, with mode 0600, and that both configs point there", () => {
    const readme = collectorReadme(fields);
    expect(readme).toContain("install -d -m 700 /etc/filebeat/salesforce");
    expect(readme).toContain(`install -m 600 server.pem ${KEY_PATH}`);
    expect(readme).toContain("mode 0600");
    expect(readme).toContain(
      `filebeat.yml (client.key_path) and elastic-agent.yml (client_key_path) already point at ${KEY_PATH}.`,
    );
    expect(readme).toContain("Both configs use this URL as the audience and the token host.");
  });

  test("quotes an unusual key path for the shell and explains a mixed token host / audience", () => {
    const readme = collectorReadme({
      ...fields,
      keyPath: "/opt/my keys/it's.pem",
      audience: "https://login.salesforce.com",
    });
    expect(readme).toContain("install -d -m 700 '/opt/my keys'");
    expect(readme).toContain(`install -m 600 server.pem '/opt/my keys/it'\\''s.pem'`);
    expect(readme).toContain(
      "This org needs token host https://acme.my.salesforce.com with audience https://login.salesforce.com.",
    );
  });
});
