import { expect, test } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "../support/db";
import { createConnection, fillCertificateForm, signIn } from "../support/portal";

test("another tenant's customer gets 404 and anonymous users get sign-in or 401", async ({ page, browser }) => {
  const owner = createUser("customer", uniqueTenant("Owner"));
  await signIn(page, owner);
  const connectionId = await createConnection(page, "Private org");
  await fillCertificateForm(page);
  await page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(page.getByLabel("Current certificate")).toBeVisible();
  const [cert] = await sql<{ id: string }>(`SELECT id FROM certificates WHERE connection_id = $1`, [connectionId]);
  const downloadUrl = `/api/certificates/${cert!.id}/download`;
  expect((await page.request.get(downloadUrl)).status()).toBe(200);

  const outsiderContext = await browser.newContext();
  const outsiderPage = await outsiderContext.newPage();
  await signIn(outsiderPage, createUser("customer", uniqueTenant("Outsider")));
  const download = await outsiderPage.request.get(downloadUrl);
  expect(download.status()).toBe(404);
  expect(await download.text()).not.toContain("CERTIFICATE");
  const detail = await outsiderPage.goto(`/connections/${connectionId}`);
  expect(detail?.status()).toBe(404);
  await expect(outsiderPage.getByText("Private org")).toHaveCount(0);
  await outsiderPage.goto("/connections");
  await expect(outsiderPage.getByRole("link", { name: "Private org" })).toHaveCount(0);
  await outsiderContext.close();

  const anonymous = await browser.newContext();
  const anonymousPage = await anonymous.newPage();
  for (const route of ["/connections", `/connections/${connectionId}`, "/"]) {
    await anonymousPage.goto(route);
    await expect(anonymousPage).toHaveURL(/\/sign-in$/);
  }
  const anonymousDownload = await anonymousPage.request.get(downloadUrl);
  expect(anonymousDownload.status()).toBe(401);
  expect(await anonymousDownload.text()).not.toContain("CERTIFICATE");
  await anonymous.close();
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  const user = createUser("customer", uniqueTenant());
  const messages: string[] = [];
  for (const [email, password] of [
    [user.email, "wrong-password-123"],
    ["nobody@example.test", user.password],
  ] as const) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert", { name: "Sign-in failed" });
    await expect(alert).toBeVisible();
    messages.push((await alert.textContent())!);
  }
  expect(messages[0]).toBe(messages[1]);
  const failures = await sql(
    `SELECT details->>'reason' AS reason FROM audit_events WHERE action = 'auth.sign_in_failed' AND target_id = ANY($1)`,
    [[user.email, "nobody@example.test"]],
  );
  expect(failures.map((f) => f.reason).sort()).toEqual(["unknown_email", "wrong_password"]);
});

test("signing out ends the session, even for a copy of the cookie, and is audited", async ({ page, browser }) => {
  const user = createUser("customer", uniqueTenant());
  await signIn(page, user);
  const copied = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/connections");
  await expect(page).toHaveURL(/\/sign-in$/);
  // The cookie taken before signing out, replayed from elsewhere, no longer opens the customer's pages.
  const elsewhere = await browser.newContext();
  await elsewhere.addCookies(copied);
  const replay = await elsewhere.request.get("/connections", { maxRedirects: 0 });
  expect(replay.status()).toBe(307);
  expect(replay.headers()["location"]).toMatch(/\/sign-in$/);
  await elsewhere.close();
  await expect
    .poll(
      async () =>
        (await sql(`SELECT 1 FROM audit_events WHERE action = 'auth.sign_out' AND actor_email = $1`, [user.email]))
          .length,
    )
    .toBe(1);
});
