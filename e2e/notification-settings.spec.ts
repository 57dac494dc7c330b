import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { signIn } from "./support/portal";

// The customer's one notification setting: reachable from the header, a checkbox named by its label, saved and kept.
test("a customer turns connection emails off and on from Settings", async ({ page }) => {
  const user = createUser("customer", uniqueTenant("Settings"));
  await signIn(page, user);
  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const box = page.getByRole("checkbox", { name: /Email me when a connection changes status/ });
  await expect(box).toBeChecked();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await box.uncheck();
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText("You will get no connection emails")).toBeVisible();
  await page.reload();
  await expect(box).not.toBeChecked();
  const [row] = await sql<{ notify_by_email: boolean }>(`SELECT notify_by_email FROM users WHERE email = $1`, [
    user.email,
  ]);
  expect(row!.notify_by_email).toBe(false);

  await box.check();
  await page.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByText("You will get an email when a connection fails")).toBeVisible();
});
