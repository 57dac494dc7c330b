import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { open, parseMasterKey, privateKeyAad } from "../lib/crypto/envelope";
import { E2E } from "./support/config";
import { createUser, sql, uniqueTenant } from "./support/db";
import { createConnection, fillCertificateForm, signIn } from "./support/portal";

test("no private key material is readable in the database or the server log", async ({ page }) => {
  const customer = createUser("customer", uniqueTenant());
  await signIn(page, customer);
  const connectionId = await createConnection(page, "Secrets org");
  await fillCertificateForm(page);
  await page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(page.getByLabel("Current certificate")).toBeVisible();

  // Recover the real key with the master key from the data folder, then look for every form of it.
  const [row] = await sql<{ id: string; encrypted_private_key: string }>(
    `SELECT id, encrypted_private_key FROM certificates WHERE connection_id = $1`,
    [connectionId],
  );
  const masterKey = parseMasterKey(readFileSync(path.join(E2E.dataDir, "master.key"), "utf8").trim());
  const pem = open(row!.encrypted_private_key, privateKeyAad(connectionId, row!.id), masterKey).toString("utf8");
  const key = createPrivateKey(pem);
  const der = key.export({ format: "der", type: "pkcs8" });
  const pkcs1 = key.export({ format: "der", type: "pkcs1" });
  const jwk = key.export({ format: "jwk" });
  const d = Buffer.from(jwk.d!, "base64url");
  const p = Buffer.from(jwk.p!, "base64url");
  const needles = [
    "PRIVATE KEY",
    der.toString("base64").slice(0, 64),
    pkcs1.toString("base64").slice(0, 64),
    der.toString("hex").slice(0, 64),
    d.toString("hex").slice(0, 48),
    d.toString("base64").slice(0, 48),
    jwk.d!.slice(0, 48),
    p.toString("hex").slice(0, 48),
  ];

  const tables = await sql<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  expect(tables.length).toBeGreaterThanOrEqual(8);
  let dump = "";
  for (const { table_name } of tables) {
    const rows = await sql<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
    dump += rows.map((r) => r.row).join("\n");
  }
  expect(dump).toContain(row!.encrypted_private_key);
  for (const needle of needles) expect(dump.includes(needle), `database holds ${needle.slice(0, 12)}…`).toBe(false);

  const log = readFileSync(E2E.logFile, "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const needle of needles) expect(log.includes(needle), `server log holds ${needle.slice(0, 12)}…`).toBe(false);
  expect(log).not.toContain(readFileSync(path.join(E2E.dataDir, "master.key"), "utf8").trim());
  expect(log).not.toContain(customer.password);
  expect(log).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  expect(log).not.toMatch(/\bsfp_[A-Za-z0-9_-]{20,}/); // an API token
  expect(log).not.toMatch(/\bwhsec_[A-Za-z0-9_-]{20,}/); // a webhook secret

  // Structured: the portal's lines are JSON (Next's own build output aside), one per request with its id and route.
  const json = log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const requests = json.filter((l) => l.msg === "request");
  expect(requests.length).toBeGreaterThan(10);
  for (const line of requests) {
    expect(line).toMatchObject({ service: "sf-jwt-portal", level: "info" });
    expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof line.durationMs).toBe("number");
    expect(String(line.route)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // ids replaced in routes
  }
  expect(requests.some((l) => l.route === "/connections/[id]" && l.status === 200)).toBe(true);
});
