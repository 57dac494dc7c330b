import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { FAKE } from "./support/fake-salesforce";
import { runTestAgainstFake } from "./support/journeys";
import { signIn } from "./support/portal";

// WCAG 2.1 A/AA rules that axe can check automatically; anything serious or critical fails the journey.
async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    ),
    where,
  ).toEqual([]);
}

test("the customer's pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(120_000); // six axe scans, on a shared machine
  await page.goto("/sign-in");
  await expectNoSeriousViolations(page, "sign-in");
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { eventLogs: "invalid_type" });
  await expectNoSeriousViolations(page, "connection page with a verdict");
  await page.goto("/connections");
  await expectNoSeriousViolations(page, "connections list");
  await page.goto(`/connections/${connectionId}`);
  await expectNoSeriousViolations(page, "connection page on a return visit (status summary)");
  await page.getByRole("list", { name: "Test history" }).locator("summary").first().click();
  await expectNoSeriousViolations(page, "connection page with history expanded");
  // The folded setup, with the confirmation before a certificate is replaced.
  await page.getByText("Setup details: certificate, Salesforce setup, fields").click();
  await page.getByRole("button", { name: "Replace certificate…" }).click();
  await expectNoSeriousViolations(page, "connection page with the replace-certificate confirmation");
});

test("the support console has no serious accessibility violations", async ({ page }) => {
  await signIn(page, createUser("admin"));
  // Rows with their badges and action buttons on every list: a connection, another staff member, a tenant with a customer.
  createUser("support");
  const tenantName = uniqueTenant("A11y");
  createUser("customer", tenantName);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenantName]);
  const [connection] = await sql<{ id: string }>(
    `INSERT INTO connections (id, tenant_id, name, status, username, instance_url, environment, certificate_expires_at)
     VALUES (gen_random_uuid(), $1, 'A11y org', 'failed', 'i@a11y.example', 'https://a11y.my.salesforce.com', 'production', now() + interval '10 days') RETURNING id`,
    [tenant!.id],
  );
  for (const path of [
    "/support",
    "/support/tenants",
    "/support/audit",
    "/support/staff",
    `/support/tenants/${tenant!.id}`,
    `/support/connections/${connection!.id}`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
});
