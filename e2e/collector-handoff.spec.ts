import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { createUser, sql, uniqueTenant } from "./support/db";
import { downloadFromPanel, postExport, publicKeys, unzipBundle, type ExportKind } from "./support/exports";
import { FAKE } from "./support/fake-salesforce";
import { customerWithCertificate, runTestAgainstFake, SF_USERNAME } from "./support/journeys";
import { signIn } from "./support/portal";

const KINDS: ExportKind[] = ["pem", "pkcs12", "jks", "bundle"];
const REASON = "Hand-off to collector host siem-01 (ticket 4711)";

type AuditRow = { actor_email: string; details: Record<string, unknown> };
const exportsOf = (connectionId: string) =>
  sql<AuditRow>(
    `SELECT actor_email, details FROM audit_events WHERE action = 'key.exported' AND target_id = $1 ORDER BY id`,
    [connectionId],
  );

test("an admin downloads the collector bundle of a connected connection; the files are what the collector needs", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  await expect(page.getByRole("region", { name: "Test result" }).first().getByTestId("test-outcome")).toHaveText(
    "Connected",
  );
  // This tenant does not allow key export: its customer sees only a note, and no key.
  await expect(page.getByText("Your provider hands the private key")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download server.pem" })).toHaveCount(0);

  const admin = createUser("admin");
  const context = await browser.newContext();
  const adminPage = await context.newPage();
  await signIn(adminPage, admin);
  await adminPage.goto(`/support/connections/${connectionId}`);
  const handoff = adminPage.getByRole("region", { name: "Collector hand-off" });
  await expect(handoff.getByLabel("Collector fields")).toContainText("/etc/filebeat/salesforce/server.pem");
  await expect(handoff.getByLabel("Collector fields")).toContainText(SF_USERNAME);
  await expect(handoff.getByLabel("Collector fields")).toContainText(FAKE.origin());
  await expect(handoff.getByLabel("Collector fields")).toContainText(/\d+\.0/);
  for (const label of ["Path of server.pem", "Salesforce username", "Client ID", "Instance URL", "API version"]) {
    await expect(handoff.getByRole("button", { name: `Copy ${label}` })).toBeVisible();
  }

  // A wrong account password: a clear error, no file, no audit entry.
  let downloads = 0;
  adminPage.on("download", () => (downloads += 1));
  const form = adminPage.getByRole("form", { name: "Export the private key" });
  await form.getByLabel("Your account password").fill("not my password at all");
  await form.getByLabel("Reason for the export").fill(REASON);
  await form.getByRole("button", { name: "Download server.pem" }).click();
  await expect(form.getByRole("alert")).toContainText("Nothing was downloaded");
  await expect(form.getByText("That is not your account password").first()).toBeVisible();
  // Keystore fields are checked with the keystore rules.
  await form.getByLabel("Keystore password").fill("abc");
  await form.getByRole("button", { name: "Download keystore.p12" }).click();
  await expect(form.getByText("Keystore password must be at least 6 characters", { exact: false })).toBeVisible();
  expect(downloads).toBe(0);
  expect(await exportsOf(connectionId)).toEqual([]);

  // The bundle, to a key path of the admin's choosing.
  await handoff.getByLabel("Path of server.pem on the collector host").fill("/etc/filebeat/acme/server.pem");
  const zip = await downloadFromPanel(adminPage, "Download collector bundle (.zip)", admin.password, REASON);
  const bundle = unzipBundle(zip);
  expect(bundle.names).toEqual(["README.txt", "elastic-agent.yml", "filebeat.yml", "server.crt", "server.pem"]);
  expect(bundle.modes["server.pem"]).toBe(0o600);
  expect(bundle.listing).toMatch(/-rw-------.*server\.pem/);
  const keys = publicKeys(path.join(bundle.dir, "server.pem"), path.join(bundle.dir, "server.crt"));
  expect(keys.fromKey).toContain("BEGIN PUBLIC KEY");
  expect(keys.fromKey).toBe(keys.fromCert);
  const filebeat = parse(readFileSync(path.join(bundle.dir, "filebeat.yml"), "utf8")) as {
    "filebeat.inputs": Record<string, unknown>[];
  };
  const input = filebeat["filebeat.inputs"][0]!;
  expect(input.type).toBe("salesforce");
  expect(input.url).toBe(FAKE.origin());
  expect(JSON.stringify(input)).toContain("/etc/filebeat/acme/server.pem");
  expect(readFileSync(path.join(bundle.dir, "README.txt"), "utf8")).toContain(`Salesforce username:  ${SF_USERNAME}`);

  // Audited with the reason; never the key or a password.
  const rows = await exportsOf(connectionId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    actor_email: admin.email,
    details: { format: "bundle", via: "web", reason: REASON, connectionId },
  });
  const raw = JSON.stringify(rows);
  expect(raw).not.toContain("PRIVATE KEY");
  expect(raw).not.toContain(admin.password);
  await adminPage.reload();
  await expect(adminPage.getByRole("region", { name: "Audit entries" })).toContainText("key.exported");
  await context.close();
});

test("another tenant's customer gets 404 on every export; support sees no key download and is refused", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { connectionId } = await customerWithCertificate(page);

  const outsider = createUser("customer", uniqueTenant("Outsider"));
  const outsiderContext = await browser.newContext();
  await signIn(await outsiderContext.newPage(), outsider);
  for (const kind of KINDS) {
    const response = await postExport(outsiderContext.request, connectionId, kind, outsider.password);
    expect(response.status(), kind).toBe(404);
    expect(await response.text()).not.toContain("PRIVATE KEY");
  }
  await outsiderContext.close();

  const support = createUser("support");
  const supportContext = await browser.newContext();
  const supportPage = await supportContext.newPage();
  await signIn(supportPage, support);
  await supportPage.goto(`/support/connections/${connectionId}`);
  const handoff = supportPage.getByRole("region", { name: "Collector hand-off" });
  await expect(handoff.getByLabel("Collector fields")).toContainText("/etc/filebeat/salesforce/server.pem");
  await expect(handoff.getByText("needs the keys:export permission")).toBeVisible();
  await expect(handoff.getByRole("button", { name: /Download/ })).toHaveCount(0);
  await expect(handoff.getByRole("button", { name: "Create API token" })).toHaveCount(0);
  for (const kind of KINDS) {
    const response = await postExport(supportContext.request, connectionId, kind, support.password);
    expect([403, 404], kind).toContain(response.status());
    expect(await response.text()).not.toContain("PRIVATE KEY");
  }
  // Support reads the tenant's policy but cannot change it.
  const [row] = await sql<{ tenant_id: string }>(`SELECT tenant_id FROM connections WHERE id = $1`, [connectionId]);
  await supportPage.goto(`/support/tenants/${row!.tenant_id}`);
  await expect(supportPage.getByTestId("key-export-policy")).toContainText("No");
  await expect(supportPage.getByLabel("Customers may export the private key")).toHaveCount(0);
  await supportContext.close();
  expect(await exportsOf(connectionId)).toEqual([]);
});

test("a customer exports server.pem and manages API tokens only once an admin allows key export for the tenant", async ({
  page,
  browser,
  playwright,
}) => {
  test.setTimeout(120_000);
  const { customer, connectionId } = await customerWithCertificate(page);
  expect((await postExport(page.request, connectionId, "pem", customer.password)).status()).toBe(403);
  await expect(page.getByRole("button", { name: "Download server.pem" })).toHaveCount(0);

  const admin = createUser("admin");
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin);
  const [row] = await sql<{ tenant_id: string }>(`SELECT tenant_id FROM connections WHERE id = $1`, [connectionId]);
  await adminPage.goto(`/support/tenants/${row!.tenant_id}`);
  await adminPage.getByLabel("Customers may export the private key").check();
  await adminPage.getByRole("button", { name: "Save key export policy" }).click();
  await expect(adminPage.getByRole("status").filter({ hasText: "may now export the private key" })).toBeVisible();
  const changes = await sql<{ actor_email: string; details: unknown }>(
    `SELECT actor_email, details FROM audit_events WHERE action = 'tenant.key_export_changed' AND target_id = $1`,
    [row!.tenant_id],
  );
  expect(changes).toEqual([{ actor_email: admin.email, details: { allowed: true } }]);
  await adminContext.close();

  await page.reload();
  const file = await downloadFromPanel(
    page,
    "Download server.pem",
    customer.password,
    "Installing on our own collector",
  );
  expect(path.basename(file)).toBe("server.pem");
  const [cert] = await sql<{ certificate_pem: string }>(
    `SELECT certificate_pem FROM certificates WHERE connection_id = $1`,
    [connectionId],
  );
  const certFile = `${file}.crt`;
  writeFileSync(certFile, cert!.certificate_pem);
  const keys = publicKeys(file, certFile);
  expect(keys.fromKey).toBe(keys.fromCert);
  expect(await exportsOf(connectionId)).toMatchObject([
    { actor_email: customer.email, details: { format: "pem", via: "web", reason: "Installing on our own collector" } },
  ]);
  // Not yet tested: the bundle says so instead of offering a download.
  await expect(page.getByRole("button", { name: "Download collector bundle (.zip)" })).toBeDisabled();

  // An API token, shown once, that works until revoked.
  await page.getByLabel("Token name").fill("siem-01");
  await page.getByLabel("connections:read").check();
  await page.getByRole("button", { name: "Create API token" }).click();
  await expect(page.getByText("it will not be shown again")).toBeVisible();
  const token = (await page.getByTestId("new-api-token").textContent())!.trim();
  expect(token).toMatch(/^sfp_/);
  const axe = await new AxeBuilder({ page })
    .include("[data-testid=collector-handoff]")
    .include("form[aria-labelledby=create-token-heading]")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  const tokenRow = page.getByTestId("api-token-row").filter({ hasText: "siem-01" });
  await expect(tokenRow).toContainText(`…${token.slice(-4)}`);
  const api = await playwright.request.newContext({
    baseURL: new URL(page.url()).origin,
    extraHTTPHeaders: { authorization: `Bearer ${token}` },
  });
  expect((await api.get(`/api/v1/connections/${connectionId}`)).status()).toBe(200);
  await tokenRow.getByRole("button", { name: "Revoke siem-01" }).click();
  await expect(tokenRow).toContainText("Revoked");
  expect((await api.get(`/api/v1/connections/${connectionId}`)).status()).toBe(401);
  await api.dispose();
  await page.reload();
  await expect(page.getByTestId("new-api-token")).toHaveCount(0);
});
