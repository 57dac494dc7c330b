import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { signIn } from "./support/portal";

test("guesses from many addresses hold an account's limit against strangers, not against its owner's browser", async ({
  page,
  browser,
}) => {
  const user = createUser("customer", uniqueTenant());
  await signIn(page, user);
  const remembered = (await page.context().cookies()).find((c) => c.name === "portal-known-device");
  expect(remembered).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Guessers elsewhere have spent the account's 100 attempts, in this window and the next (no boundary flake).
  const key = `sign-in:account:${createHash("sha256").update(user.email).digest("hex")}`;
  await sql(
    `INSERT INTO rate_limits (key, window_start, count)
     SELECT $1, to_timestamp(floor(extract(epoch FROM now()) / 900) * 900 + s * 900), 100 FROM generate_series(0, 1) s
     ON CONFLICT (key, window_start) DO UPDATE SET count = 100`,
    [key],
  );

  // A browser that never signed in as this user is told to wait, even with the right password…
  const stranger = await browser.newPage();
  await stranger.goto("/sign-in");
  await stranger.getByLabel("Email").fill(user.email);
  await stranger.getByLabel("Password").fill(user.password);
  await stranger.getByRole("button", { name: "Sign in" }).click();
  await expect(stranger.getByRole("alert", { name: "Sign-in failed" })).toContainText(
    "Too many failed sign-in attempts",
  );
  await stranger.close();

  // …while the owner's own browser signs in.
  await signIn(page, user);
});
