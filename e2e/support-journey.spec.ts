import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { FAKE, registerApp } from "./support/fake-salesforce";
import { SF_USERNAME, saveFields } from "./support/journeys";
import { createConnection, fillCertificateForm, signIn } from "./support/portal";

test("support onboards a customer by invitation, then sees, downloads and re-tests their connection", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const support = createUser("support");
  await signIn(page, support);
  await page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Tenants" }).click();
  const tenant = uniqueTenant("Initech");
  await page.getByLabel("Tenant name").fill(tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  const email = `owner-${randomBytes(4).toString("hex")}@customer.example.test`;
  await page.getByLabel("Customer email").fill(email);
  await page.getByRole("button", { name: "Invite" }).click();
  const link = (await page
    .getByRole("status", { name: "Invitation link" })
    .getByTestId("invitation-link")
    .textContent())!.trim();

  // The customer accepts, generates the certificate, connects Salesforce (the fake) and tests.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await customer.goto(new URL(link).pathname);
  await customer.getByLabel("Password", { exact: true }).fill("initech password 1");
  await customer.getByLabel("Confirm password").fill("initech password 1");
  await customer.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(customer).toHaveURL(/\/connections$/);
  const connectionId = await createConnection(customer, "Initech production");
  await fillCertificateForm(customer);
  await customer.getByRole("button", { name: "Generate certificate" }).click();
  const card = customer.getByLabel("Current certificate");
  await expect(card).toBeVisible();
  const customerDownload = customer.waitForEvent("download");
  await card.getByRole("link", { name: "Download server.crt" }).click();
  const customerBytes = readFileSync((await (await customerDownload).path())!);
  const clientId = await registerApp(FAKE.origin(), connectionId, SF_USERNAME);
  await saveFields(customer, { clientId, instanceUrl: FAKE.origin() });
  await customer.getByRole("button", { name: "Test connection" }).click();
  await expect(customer.getByRole("region", { name: "Test result" }).first().getByTestId("test-outcome")).toHaveText(
    "Connected",
  );

  // Support finds it on the dashboard with its status and last test.
  await page.goto(`/support?q=${encodeURIComponent(tenant)}`);
  const row = page.getByTestId("dashboard-row").filter({ hasText: "Initech production" });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Connected");
  await expect(row).toContainText(SF_USERNAME);
  await expect(row).toContainText("127.0.0.1");
  await row.getByRole("link", { name: "Initech production" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Initech production" })).toBeVisible();
  await expect(page.getByLabel("Saved host and audience pair")).toContainText(FAKE.origin());
  await expect(page.getByTestId("test-run")).toHaveCount(1);
  await expect(page.getByTestId("test-run").first()).toContainText(email);

  // The same server.crt, byte for byte.
  const supportDownload = page.waitForEvent("download");
  await page.getByLabel("Current certificate").getByRole("link", { name: "Download server.crt" }).click();
  expect(readFileSync((await (await supportDownload).path())!)).toEqual(customerBytes);

  // Support re-runs the test; it is recorded as support.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("region", { name: "Test result" }).first().getByTestId("test-outcome")).toHaveText(
    "Connected",
  );
  await expect(page.getByTestId("test-run")).toHaveCount(2);
  await expect(page.getByTestId("test-run").first()).toContainText(`${support.email} (support)`);
  const runs = await sql<{ ran_by_email: string; ran_by_role: string; outcome: string }>(
    `SELECT ran_by_email, ran_by_role, outcome FROM test_runs WHERE connection_id = $1 ORDER BY started_at`,
    [connectionId],
  );
  expect(runs).toEqual([
    { ran_by_email: email, ran_by_role: "customer", outcome: "connected" },
    { ran_by_email: support.email, ran_by_role: "support", outcome: "connected" },
  ]);
  const downloads = await sql(
    `SELECT actor_email FROM audit_events WHERE action = 'certificate.downloaded' AND details->>'connectionId' = $1 ORDER BY id`,
    [connectionId],
  );
  expect(downloads.map((d) => d.actor_email)).toEqual([email, support.email]);

  // The customer sees that support re-ran it, not who.
  await customer.goto(`/connections/${connectionId}`);
  await expect(customer.getByTestId("test-run")).toHaveCount(2);
  await expect(customer.getByTestId("test-run").first()).toContainText("by support");
  await expect(customer.locator("main")).not.toContainText(support.email);
  await customerContext.close();
});
