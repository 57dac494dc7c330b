import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { FAKE } from "./support/fake-salesforce";
import { runTestAgainstFake } from "./support/journeys";
import { signIn } from "./support/portal";

// Each journey runs several full axe scans: on a loaded two-core machine that outlasts the default minute.
test.describe.configure({ timeout: 120_000 });

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
  // Three users made with the CLI, then six scans (the tenant page now with its webhook form): under a load of 12 on
  // two cores the setup alone took 70 s and the scans 55 s.
  test.setTimeout(180_000);
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
  // A failed run, so the connection page shows its verdict, the message for the customer and the activity timeline.
  const steps = [
    {
      name: "token",
      status: "failed",
      message: "Refused.",
      durationMs: 300,
      diagnosis: {
        code: "user_not_approved",
        title: "Not pre-authorized",
        cause: "Policy.",
        fix: "Add the profile.",
        checklistStep: "permitted-users",
      },
    },
  ];
  await sql(
    `INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, summary, steps, ran_by_email, ran_by_role, duration_ms)
     VALUES (gen_random_uuid(), $1, $2, 'failed', 'token', 'user_not_approved', 'Failed at the token step.', $3, 'i@a11y.example', 'customer', 400)`,
    [connection!.id, tenant!.id, JSON.stringify(steps)],
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

test("the webhook pages have no serious accessibility violations", async ({ page }) => {
  await signIn(page, createUser("admin"));
  const tenantName = uniqueTenant("A11y hooks");
  createUser("customer", tenantName);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenantName]);
  // A webhook with a delivery that took two attempts (the log's rows and their expandable attempts). Its secret is
  // never read: the webhook is disabled and the delivery finished.
  const [webhook] = await sql<{ id: string }>(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, secret_sealed, created_by_email)
     VALUES (gen_random_uuid(), $1, 'https://hooks.a11y.example/portal', ARRAY['connection.failed'], false, 'unused', 'a11y@example.test') RETURNING id`,
    [tenant!.id],
  );
  await sql(
    `WITH d AS (
       INSERT INTO webhook_deliveries (endpoint_id, event_type, body, state, attempts, last_status, last_duration_ms, completed_at)
       VALUES ($1, 'webhook.test', '{"id":"evt_test_a11y","type":"webhook.test"}', 'delivered', 2, 200, 12, now()) RETURNING id)
     INSERT INTO webhook_attempts (delivery_id, status, duration_ms, response_excerpt)
     SELECT id, 503, 40, 'busy' FROM d UNION ALL SELECT id, 200, 12, 'ok' FROM d`,
    [webhook!.id],
  );
  for (const path of ["/support/webhooks", `/support/webhooks/${webhook!.id}`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }
  await page.getByText("2 attempts").click();
  await page.getByRole("button", { name: "Delete webhook…" }).click();
  await expectNoSeriousViolations(page, "webhook page with attempts expanded and the delete confirmation");
});

test("the password recovery pages have no serious accessibility violations", async ({ page }) => {
  await page.goto("/forgot-password");
  await expectNoSeriousViolations(page, "forgot password");
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status", { name: "Check your email" })).toBeVisible();
  await expectNoSeriousViolations(page, "forgot password, answered");
  await page.goto(`/reset-password/${randomBytes(32).toString("base64url")}`);
  await expectNoSeriousViolations(page, "invalid reset link");

  // A customer and a staff member who sends them a link (shown once, since no mail server takes it).
  const tenantName = uniqueTenant("A11y reset");
  const customer = createUser("customer", tenantName);
  await signIn(page, createUser("support"));
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenantName]);
  await page.goto(`/support/tenants/${tenant!.id}`);
  await page.getByRole("button", { name: `Send password reset link to ${customer.email}` }).click();
  await expect(page.getByRole("status", { name: "Password reset link" })).toBeVisible();
  await expectNoSeriousViolations(page, "tenant page with a reset link shown");
  const link = (await page.getByTestId("password-reset-link").textContent())!.trim();
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expectNoSeriousViolations(page, "reset password form");
});
