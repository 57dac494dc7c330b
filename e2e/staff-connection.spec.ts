import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { FAKE, registerApp } from "./support/fake-salesforce";
import { customerWithCertificate, SF_USERNAME, saveFields } from "./support/journeys";
import { signIn } from "./support/portal";

type StoredStep = { diagnosis?: { title: string; fix: string } };

test("support sees whom to contact about a failing connection, copies the message for them and reads its activity", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The customer generates a certificate, ticks one step, saves the fields and tests an app that does not
  // pre-authorize the user: a failure with a checklist step.
  const { customer, connectionId } = await customerWithCertificate(page);
  await page
    .locator("#step-upload-certificate")
    .getByRole("button", { name: /Enable JWT Bearer Flow.*Mark done/ })
    .click();
  await expect(page.locator("#step-upload-certificate").getByRole("button", { pressed: true })).toBeVisible();
  const clientId = await registerApp(FAKE.origin(), connectionId, SF_USERNAME, { preAuthorized: false });
  await saveFields(page, { clientId, instanceUrl: FAKE.origin() });
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("region", { name: "Test result" }).first().getByTestId("test-outcome")).toContainText(
    "Failed",
  );
  const [run] = await sql<{ steps: StoredStep[] }>(`SELECT steps FROM test_runs WHERE connection_id = $1`, [
    connectionId,
  ]);
  const diagnosis = run!.steps.find((s) => s.diagnosis)!.diagnosis!;

  const support = createUser("support");
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const staff = await context.newPage();
  await signIn(staff, support);
  await staff.goto(`/support/connections/${connectionId}`);

  // The header: the status, since when, and the verdict in full.
  await expect(staff.getByTestId("staff-status")).toHaveText("Failed");
  await expect(staff.getByTestId("failing-since")).toContainText("Failing since");
  await expect(staff.getByRole("img", { name: "Last test: 1 failed; latest failed" })).toBeVisible();
  const verdict = staff.getByRole("group", { name: "Latest verdict" });
  await expect(verdict.getByTestId("latest-diagnosis")).toHaveText(diagnosis.title);
  await expect(verdict).toContainText(diagnosis.fix);
  await expect(verdict).toContainText("Step 5, “Pre-authorize the integration user”");

  // Whom to write to, and what.
  const card = staff.getByRole("region", { name: "Customer" });
  await expect(card.getByRole("link", { name: customer.email })).toHaveAttribute("href", `mailto:${customer.email}`);
  await expect(card.getByRole("row").filter({ hasText: customer.email })).toContainText(/\d{4}-\d{2}-\d{2} .* UTC/);
  await card.getByRole("button", { name: "Copy message for the customer" }).click();
  await expect(card.getByRole("button", { name: "Copy message for the customer" })).toHaveText(/Copied/);
  const copied = await staff.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(diagnosis.title);
  expect(copied).toContain(diagnosis.fix);
  expect(copied).toContain("Pre-authorize the integration user");

  // The customer's checklist ticks, and one timeline of what happened.
  await expect(staff.getByTestId("checklist-progress")).toHaveText("1 of 8 steps ticked by the customer.");
  const activity = staff.getByRole("list", { name: "Activity" }).getByTestId("activity-item");
  await expect(activity.first()).toContainText(`Test connection by ${customer.email}: failed — ${diagnosis.title}`);
  // Two saves: the My Domain step, then the username and Client ID.
  await expect(activity.filter({ hasText: "Salesforce fields saved (instance URL" })).toContainText(customer.email);
  await expect(activity.filter({ hasText: "Salesforce fields saved (username, Client ID" })).toContainText(
    customer.email,
  );
  await expect(activity.filter({ hasText: `Certificate generated` })).toContainText(`by ${customer.email}`);
  await expect(
    activity.filter({ hasText: "Checklist step “Enable JWT Bearer Flow and upload server.crt” marked done" }),
  ).toHaveCount(1);
  await context.close();
});
