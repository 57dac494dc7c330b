import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

// Users made by scripts/check-standalone.ts with the bundled `user:create`, as `docker compose exec` would.
function user(prefix: "STAFF" | "CUSTOMER"): { email: string; password: string } {
  const email = process.env[`STANDALONE_${prefix}_EMAIL`];
  const password = process.env[`STANDALONE_${prefix}_PASSWORD`];
  if (!email || !password) throw new Error("Run this journey with `npx tsx scripts/check-standalone.ts`.");
  return { email, password };
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

test("the standalone server signs in staff and a customer, and the customer downloads a certificate", async ({
  page,
  browser,
}) => {
  // Staff: the support console renders (server components, the database, the session secret).
  await signIn(page, user("STAFF"));
  await page.goto("/support");
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();

  // The customer, in a fresh browser context: a connection, a certificate (key generation, the master key).
  const customerPage = await (await browser.newContext()).newPage();
  await signIn(customerPage, user("CUSTOMER"));
  await customerPage.goto("/connections");
  await customerPage.getByLabel("Connection name").fill("Production org");
  await customerPage.getByRole("button", { name: "New connection" }).click();
  await expect(customerPage.getByRole("heading", { level: 1, name: "Production org" })).toBeVisible();
  const form = { "Country Name": "us", "State or Province": "California", Locality: "San Francisco" };
  for (const [label, value] of Object.entries(form)) await customerPage.getByLabel(label, { exact: true }).fill(value);
  await customerPage.getByLabel("Organization Name", { exact: true }).fill("Standalone Inc");
  await customerPage.getByRole("button", { name: "Generate certificate" }).click();
  const card = customerPage.getByLabel("Current certificate");
  await expect(card.getByTestId("certificate-subject")).toContainText("O=Standalone Inc");

  const downloadPromise = customerPage.waitForEvent("download");
  await card.getByRole("link", { name: "Download server.crt" }).click();
  const download = await downloadPromise;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "standalone-crt-")), "server.crt");
  await download.saveAs(file);
  expect(readFileSync(file, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
  const subject = execFileSync("openssl", ["x509", "-in", file, "-noout", "-subject", "-nameopt", "RFC2253"], {
    encoding: "utf8",
  });
  expect(subject).toContain("O=Standalone Inc");
  expect(subject).toContain("C=US");
});
