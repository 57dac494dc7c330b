import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { FAKE } from "./support/fake-salesforce";
import { customerWithCertificate, runTestAgainstFake } from "./support/journeys";
import { expectNoSidewaysScroll, openEveryFold } from "./support/layout";
import { createConnection, signIn } from "./support/portal";

const endState = (page: Page) => page.getByTestId("end-state");

test("the first Connected ends the setup: the customer is told they are done, and a reload opens on the summary", async ({
  page,
}) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  const [row] = await sql<{ finished_at: Date; not_after: Date }>(
    `SELECT r.finished_at, c.not_after FROM test_runs r JOIN certificates c USING (connection_id) WHERE r.connection_id = $1`,
    [connectionId],
  );
  const since = row!.finished_at.toISOString().replace("T", " ").slice(0, 19);
  const expires = row!.not_after.toISOString().slice(0, 10);

  await expect(endState(page)).toContainText(
    `Your Salesforce org is connected. Event logs will be collected from ${since} UTC; you don't need to do anything else.`,
  );
  await expect(endState(page)).toContainText(
    `We will email you if the connection stops working, and 30 days before the certificate expires on ${expires}.`,
  );
  await expect(endState(page).getByRole("link", { name: "Back to your connections" })).toBeVisible();
  await expect(page.getByTestId("status-pill")).toHaveText(/Connected/);
  // The setup is folded away; the hosts and audiences are under Technical details, not in view.
  await expect(page.getByRole("heading", { name: "2. Certificate" })).toBeHidden();
  await expect(page.getByTestId("working-pair").first()).toBeHidden();

  await page.reload();
  await expect(endState(page)).toBeVisible();
  await expect(page.getByTestId("last-tested")).toHaveText(/just now|minute/);
  await expect(page.getByRole("img", { name: "Last test: 1 connected; latest connected" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Test result" }).getByTestId("test-outcome")).toHaveText("Connected");
  await expect(page.getByText(/of \d+ steps done/)).toBeHidden();
  await page.getByText("Setup details: certificate, Salesforce setup, fields").click();
  await expect(page.getByTestId("checklist-verified")).toContainText("Verified by the test");
  await expect(page.getByRole("heading", { name: "2. Certificate" })).toBeVisible();

  // The list shows when it was tested and when the certificate expires.
  await page.goto("/connections");
  const item = page.getByRole("list", { name: "Your connections" }).getByRole("listitem");
  await expect(item.getByTestId("last-test")).toHaveText(/Last test (just now|\d+ minutes? ago)/);
  await expect(item.getByTestId("certificate-expiry")).toContainText(`${expires} (365 days left)`);
});

test("the certificate asks for the runbook's four fields, prefilled with the organization, and replacing it asks first", async ({
  page,
}) => {
  const tenant = uniqueTenant("Prefill");
  await signIn(page, createUser("customer", tenant));
  await createConnection(page, "Production org");
  await expect(page.getByLabel("Organization Name", { exact: true })).toHaveValue(tenant);
  await expect(page.getByLabel("Key size")).toBeHidden();
  await expect(page.getByLabel("Validity (days)")).toBeHidden();
  // Country Name suggests ISO codes.
  await expect(page.locator("#iso-country-codes option[value=DE]")).toHaveCount(1);
  await page.getByLabel("Country Name", { exact: true }).fill("DE");
  await page.getByLabel("State or Province", { exact: true }).fill("Berlin");
  await page.getByLabel("Locality", { exact: true }).fill("Berlin");
  await page.getByRole("button", { name: "Generate certificate" }).click();
  const card = page.getByLabel("Current certificate");
  await expect(card.getByTestId("certificate-subject")).toContainText(`O=${tenant}`);
  // The next step stays around the download until a test proves the upload.
  await expect(card.getByTestId("next-step")).toContainText("Next step: upload server.crt to Salesforce");
  await page.reload();
  await expect(card.getByTestId("next-step").getByRole("link", { name: "Download server.crt" })).toBeVisible();

  const first = (await card.getByTestId("certificate-fingerprint").textContent())!.trim();
  await page.getByRole("button", { name: "Replace certificate…" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Replace this connection's certificate?" });
  await expect(confirm).toContainText("The connection stops working until the new server.crt is uploaded");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Generate certificate" })).toHaveCount(0);
  await page.getByRole("button", { name: "Replace certificate…" }).click();
  await page.getByRole("button", { name: "Continue to a new certificate" }).click();
  await page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(card.getByTestId("certificate-fingerprint")).not.toHaveText(first);
  await expect(page.getByRole("button", { name: "Replace certificate…" })).toBeVisible();
});

test("at 390 px wide the customer's pages do not scroll sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { connectionId } = await customerWithCertificate(page);
  await expectNoSidewaysScroll(page, "connection page with a certificate");
  await page.goto("/connections");
  await expectNoSidewaysScroll(page, "connections list");
  await page.goto(`/connections/${connectionId}`);
  await openEveryFold(page);
  await expectNoSidewaysScroll(page, "connection page with every fold open");
});

test("at 390 px a connected connection's summary and its details do not scroll sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  await expect(endState(page)).toBeVisible();
  await page.goto(`/connections/${connectionId}`);
  await expectNoSidewaysScroll(page, "connected summary");
  await openEveryFold(page);
  await expectNoSidewaysScroll(page, "connected page with every fold open");
});
