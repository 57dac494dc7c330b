import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { ACME, createConnection, fillCertificateForm, signIn } from "./support/portal";

test("a customer generates a certificate and downloads a server.crt that openssl accepts", async ({ page }) => {
  const customer = createUser("customer", uniqueTenant("Acme"));
  await signIn(page, customer);
  const connectionId = await createConnection(page, "Production org");

  await fillCertificateForm(page);
  await page.getByRole("button", { name: "Generate certificate" }).click();
  const card = page.getByLabel("Current certificate");
  await expect(card).toBeVisible();
  await expect(card.getByTestId("certificate-subject")).toContainText("C=US");
  await expect(card.getByTestId("certificate-subject")).toContainText("O=Acme Inc");
  await expect(card).toContainText("365 days left"); // rounded up: the certificate is valid for 365 days from now
  const shownFingerprint = (await card.getByTestId("certificate-fingerprint").textContent())!.trim();

  const downloadPromise = page.waitForEvent("download");
  await card.getByRole("link", { name: "Download server.crt" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("server.crt");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "crt-")), "server.crt");
  await download.saveAs(file);
  expect(readFileSync(file, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);

  const openssl = (...args: string[]) =>
    execFileSync("openssl", ["x509", "-in", file, "-noout", ...args], { encoding: "utf8" });
  const subject = openssl("-subject", "-nameopt", "RFC2253");
  for (const part of ["C=US", "ST=California", "L=San Francisco", "O=Acme Inc", "CN=Acme Inc"])
    expect(subject).toContain(part);
  expect(openssl("-issuer", "-nameopt", "RFC2253").replace("issuer=", "")).toBe(subject.replace("subject=", ""));
  const text = openssl("-text");
  expect(text).toContain("Public-Key: (2048 bit)");
  expect(text).toContain("Signature Algorithm: sha256WithRSAEncryption");
  const start = new Date(openssl("-startdate").split("=")[1]!.trim());
  const end = new Date(openssl("-enddate").split("=")[1]!.trim());
  expect(Math.round((end.getTime() - start.getTime()) / 86_400_000)).toBe(365);
  expect(Math.abs(start.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  const fingerprint = openssl("-fingerprint", "-sha256").split("=")[1]!.trim();
  expect(fingerprint).toBe(shownFingerprint);
  // Self-signed and its signature verifies.
  expect(execFileSync("openssl", ["verify", "-check_ss_sig", "-CAfile", file, file], { encoding: "utf8" })).toContain(
    "OK",
  );

  const audits = await sql(`SELECT action FROM audit_events WHERE details->>'connectionId' = $1 ORDER BY id`, [
    connectionId,
  ]);
  expect(audits.map((a) => a.action)).toEqual(["certificate.generated", "certificate.downloaded"]);
});

test("a bad Country Name gets a field error and creates no certificate", async ({ page }) => {
  const customer = createUser("customer", uniqueTenant());
  await signIn(page, customer);
  const connectionId = await createConnection(page, "Sandbox");
  await fillCertificateForm(page, { ...ACME, "Country Name": "USA" });
  await page.getByRole("button", { name: "Generate certificate" }).click();
  const country = page.getByLabel("Country Name", { exact: true });
  await expect(country).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-countryName-error")).toContainText("two-letter");
  // What the customer typed is kept, so they can fix just that field.
  await expect(page.getByLabel("Locality", { exact: true })).toHaveValue("San Francisco");
  const rows = await sql(`SELECT count(*)::int AS n FROM certificates WHERE connection_id = $1`, [connectionId]);
  expect(rows[0]!.n).toBe(0);
});

test("the keyboard alone gets from sign-in to a generated certificate", async ({ page }) => {
  const customer = createUser("customer", uniqueTenant());
  await page.goto("/sign-in");
  await page.getByLabel("Email").focus();
  await page.keyboard.type(customer.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(customer.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Connections" })).toBeVisible();
  await page.getByLabel("Connection name").focus();
  await page.keyboard.type("Keyboard org");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Keyboard org" })).toBeVisible();
  await page.getByLabel("Country Name", { exact: true }).focus();
  for (const value of ["DE", "Berlin", "Berlin", "Keyboard GmbH"]) {
    await page.keyboard.type(value);
    await page.keyboard.press("Tab");
  }
  await page.getByRole("button", { name: "Generate certificate" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Current certificate").getByTestId("certificate-subject")).toContainText(
    "O=Keyboard GmbH",
  );
});
