import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { expectNoSidewaysScroll, openEveryFold } from "./support/layout";
import { signIn } from "./support/portal";

// Support on a phone: every console page fits 390 px; wide tables scroll inside their own frame, not the page.
test("at 390 px wide the support console's pages do not scroll sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, createUser("admin"));
  const tenantName = uniqueTenant("Narrow");
  createUser("customer", tenantName);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenantName]);
  const [connection] = await sql<{ id: string }>(
    `INSERT INTO connections (id, tenant_id, name, status, username, instance_url, environment, certificate_expires_at)
     VALUES (gen_random_uuid(), $1, 'Narrow org with a long name for a small screen', 'failed',
             'integration.user.with.a.long.name@narrow-example-company.example', 'https://narrow-example-company.my.salesforce.com',
             'production', now() + interval '10 days') RETURNING id`,
    [tenant!.id],
  );
  await sql(
    `INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, summary, steps, ran_by_email, ran_by_role, duration_ms)
     VALUES (gen_random_uuid(), $1, $2, 'failed', 'token', 'invalid_client_id', 'Failed at the token step.', '[]', 'i@narrow.example', 'customer', 400)`,
    [connection!.id, tenant!.id],
  );
  for (const path of [
    "/support",
    "/support/tenants",
    "/support/audit",
    "/support/staff",
    "/support/jobs",
    "/support/webhooks",
    `/support/tenants/${tenant!.id}`,
    `/support/connections/${connection!.id}`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await openEveryFold(page);
    await expectNoSidewaysScroll(page, path);
  }
});
