import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signIn } from "./support/portal";

test("admin creates a support user; the support user cannot manage staff (no Staff link, /support/staff is 404, the action is refused)", async ({
  page,
  browser,
}) => {
  await signIn(page, createUser("admin"));
  await page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Staff" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
  const support = {
    email: `support-${randomBytes(5).toString("hex")}@example.test`,
    password: `initial-${randomBytes(6).toString("hex")}`,
  };
  await page.getByLabel("Email").fill(support.email);
  await page.getByLabel("Initial password").fill(support.password);
  await page.getByLabel("Role").selectOption("support");
  await page.getByRole("button", { name: "Create staff user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Created support user ${support.email}` })).toBeVisible();
  const row = page.getByRole("table", { name: "Staff users" }).getByRole("row").filter({ hasText: support.email });
  await expect(row).toContainText("support");
  await expect(row).toContainText("Active");

  const supportContext = await browser.newContext();
  const supportPage = await supportContext.newPage();
  await signIn(supportPage, support);
  await supportPage.goto("/support/tenants");
  const nav = supportPage.getByRole("navigation", { name: "Support console" });
  await expect(nav.getByRole("link", { name: "Tenants" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Staff" })).toHaveCount(0);
  const staffPage = await supportPage.goto("/support/staff");
  expect(staffPage?.status()).toBe(404);
  await expect(supportPage.getByRole("heading", { name: "Not found" })).toBeVisible();

  // The form the support user cannot reach, submitted with their session: the server action itself refuses.
  await page.goto("/support/staff");
  await page.context().clearCookies();
  await page.context().addCookies(await supportContext.cookies());
  const rogue = `rogue-${randomBytes(5).toString("hex")}@example.test`;
  await page.getByLabel("Email").fill(rogue);
  await page.getByLabel("Initial password").fill("rogue password 123");
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Create staff user" }).click();
  await expect(page.getByRole("alert", { name: "The staff user was not created" })).toContainText(
    "You do not have permission to do this.",
  );
  expect(await sql(`SELECT 1 FROM users WHERE email = $1`, [rogue])).toHaveLength(0);
  await supportContext.close();

  const audit = await sql<{ actor_email: string; details: { role: string } }>(
    `SELECT actor_email, details FROM audit_events WHERE action = 'user.created' AND details->>'email' = $1`,
    [support.email],
  );
  expect(audit).toHaveLength(1);
  expect(audit[0]!.details.role).toBe("support");
});
