import { expect, type Page } from "@playwright/test";
import { createUser, uniqueTenant, type TestUser } from "./db";
import { registerApp, type FakeAppOptions } from "./fake-salesforce";
import { createConnection, fillCertificateForm, signIn } from "./portal";

export const SF_USERNAME = "integration@acme.example";

// Signed-in customer with a connection and a generated certificate: the state before the Salesforce side.
export async function customerWithCertificate(page: Page): Promise<{ customer: TestUser; connectionId: string }> {
  const customer = createUser("customer", uniqueTenant("Acme"));
  await signIn(page, customer);
  const connectionId = await createConnection(page, "Production org");
  await fillCertificateForm(page);
  await page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(page.getByLabel("Current certificate")).toBeVisible();
  return { customer, connectionId };
}

// Step 1 of the page: the My Domain URL (a saved one is folded to a line: unfold it to change it).
export async function saveMyDomain(page: Page, instanceUrl: string, options: { myDomainOnly?: boolean } = {}) {
  const section = page.locator("#my-domain");
  const field = section.getByLabel("Instance URL");
  if (!(await field.isVisible())) await section.getByText("Show or change").click();
  await field.fill(instanceUrl);
  if (options.myDomainOnly) {
    const box = section.getByLabel("Gov Cloud / this org blocks login.salesforce.com");
    if (!(await box.isVisible())) await section.getByText("Sandbox, Gov Cloud and other options").click();
    await box.check();
  }
  await section.getByRole("button", { name: "Save My Domain" }).click();
  await expect(section.getByTestId("folded-step")).toContainText("Saved: ");
}

export async function saveFields(
  page: Page,
  fields: { username?: string; clientId: string; instanceUrl: string; apiVersion?: string; myDomainOnly?: boolean },
): Promise<void> {
  await saveMyDomain(page, fields.instanceUrl, { myDomainOnly: fields.myDomainOnly });
  await page.getByLabel("Username", { exact: true }).fill(fields.username ?? SF_USERNAME);
  await page.getByLabel("Client ID (Consumer Key)").fill(fields.clientId);
  await page.getByLabel("API Version").fill(fields.apiVersion ?? "");
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.getByText("Saved. Now run Test connection.")).toBeVisible();
}

// The whole customer path up to a finished test; returns the connection id.
export async function runTestAgainstFake(
  page: Page,
  origin: string,
  app: FakeAppOptions & { clientId?: string; username?: string; instanceUrl?: string; myDomainOnly?: boolean } = {},
  whileRunning?: (page: Page) => Promise<void>,
): Promise<string> {
  const { connectionId } = await customerWithCertificate(page);
  const username = app.username ?? SF_USERNAME;
  const clientId = app.clientId ?? (await registerApp(origin, connectionId, username, app));
  await saveFields(page, {
    clientId,
    instanceUrl: app.instanceUrl ?? origin,
    username,
    ...(app.myDomainOnly ? { myDomainOnly: true } : {}),
  });
  await page.getByRole("button", { name: "Test connection" }).click();
  await whileRunning?.(page);
  await expect(page.getByRole("region", { name: "Test result" }).first()).toBeVisible({ timeout: 45_000 });
  return connectionId;
}
