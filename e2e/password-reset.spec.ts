import { createHash } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { fakeSmtp, mailText } from "../tests/support/fake-smtp";
import { E2E } from "./support/config";
import { createUser, sql, uniqueTenant, type TestUser } from "./support/db";
import { signIn } from "./support/portal";

const NEW_PASSWORD = "a brand new reset password";

// The portal's SMTP_URL points here. Only the addresses a test expects are taken; anyone else's mail (another
// spec's invitation, running at the same time) is refused, as if there were no mail server.
const expected = new Set<string>();
let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
test.beforeAll(async () => {
  smtp = await fakeSmtp({ port: E2E.smtpPort, accept: (to) => expected.has(to) });
});
test.afterAll(async () => smtp.close());
// Each journey signs in five times (argon2) and creates users with the CLI: slow on a loaded 2-core machine.
test.describe.configure({ timeout: 120_000 });

async function resetLinkMailedTo(email: string): Promise<string> {
  let text = "";
  await expect
    .poll(() => (text = mailText(smtp.messages.find((m) => m.to === email)?.data ?? "")), { timeout: 15_000 })
    .toContain("/reset-password/");
  return /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(text)![0];
}

async function signedInAs(browser: Browser, user: TestUser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  return page;
}

async function chooseNewPassword(page: Page, password = NEW_PASSWORD, confirm = password) {
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(confirm);
  await page.getByRole("button", { name: "Set new password and sign in" }).click();
}

// The old password no longer opens the account; the new one does.
async function onlyNewPasswordWorks(browser: Browser, user: TestUser) {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Sign-in failed" })).toBeVisible();
  await signIn(page, { ...user, password: NEW_PASSWORD });
  await page.context().close();
}

test("a customer who forgot their password gets a link by email, sets a new one, and their other session ends", async ({
  page,
  browser,
}) => {
  const user = createUser("customer", uniqueTenant("Forgetful"));
  expected.add(user.email);
  const elsewhere = await signedInAs(browser, user);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = page.getByRole("status", { name: "Check your email" });
  await expect(answer).toContainText(`If ${user.email} has an account here, we have sent it a link`);
  const answerText = (await answer.textContent())!;

  // An email without an account reads the same, and nothing is mailed to it.
  const stranger = `stranger-${Date.now()}@example.test`;
  expected.add(stranger);
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(stranger);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status", { name: "Check your email" })).toHaveText(
    answerText.replace(user.email, stranger),
  );

  const link = await resetLinkMailedTo(user.email);
  const token = link.split("/reset-password/")[1]!;
  const [stored] = await sql<{ token_hash: string }>(
    `SELECT r.token_hash FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = $1`,
    [user.email],
  );
  expect(stored!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(smtp.messages.filter((m) => m.to === stranger)).toHaveLength(0);

  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expect(page.getByTestId("reset-email")).toHaveText(user.email);
  await chooseNewPassword(page, NEW_PASSWORD, "not the same password");
  await expect(page.locator("#field-confirmPassword-error")).toContainText("do not match");
  await chooseNewPassword(page);
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole("navigation", { name: "Account" })).toContainText(user.email);

  // The session that was open elsewhere is signed out.
  await elsewhere.goto("/connections");
  await expect(elsewhere).toHaveURL(/\/sign-in$/);
  await elsewhere.context().close();
  await onlyNewPasswordWorks(browser, user);

  // The link worked once.
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { name: "This password reset link has already been used" })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);

  const audit = await sql<{ action: string }>(
    `SELECT action FROM audit_events WHERE action LIKE 'password_reset.%' AND details->>'email' = $1 ORDER BY id`,
    [user.email],
  );
  expect(audit.map((a) => a.action)).toEqual(["password_reset.requested", "password_reset.completed"]);
});

test("support sends a reset link that is shown once; the customer uses it and the old session and password stop working", async ({
  page,
  browser,
}) => {
  const tenant = uniqueTenant("Locked out");
  const user = createUser("customer", tenant);
  const elsewhere = await signedInAs(browser, user);

  await signIn(page, createUser("support"));
  const [row] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenant]);
  await page.goto(`/support/tenants/${row!.id}`);
  const users = page.getByRole("table", { name: "Users" });
  await users.getByRole("button", { name: `Send password reset link to ${user.email}` }).click();
  const shown = users.getByRole("status", { name: "Password reset link" });
  await expect(shown).toContainText("send the link to the customer yourself");
  await expect(shown).toContainText("shown only now");
  await expect(shown.getByRole("button", { name: "Copy reset link" })).toBeVisible();
  const link = (await shown.getByTestId("password-reset-link").textContent())!.trim();
  expect(link).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
  const token = link.split("/reset-password/")[1]!;
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);

  const customer = await (await browser.newContext()).newPage();
  await customer.goto(new URL(link).pathname);
  await expect(customer.getByTestId("reset-email")).toHaveText(user.email);
  await chooseNewPassword(customer);
  await expect(customer).toHaveURL(/\/connections$/);
  await customer.context().close();

  await elsewhere.goto("/connections");
  await expect(elsewhere).toHaveURL(/\/sign-in$/);
  await elsewhere.context().close();
  await onlyNewPasswordWorks(browser, user);

  const audit = await sql<{ action: string; actor_email: string | null }>(
    `SELECT action, actor_email FROM audit_events WHERE action LIKE 'password_reset.%' AND details->>'email' = $1 ORDER BY id`,
    [user.email],
  );
  expect(audit.map((a) => a.action)).toEqual(["password_reset.sent", "password_reset.completed"]);
  expect(audit[1]!.actor_email).toBe(user.email);

  // A link past its hour says so and points to a new one.
  await page.getByRole("button", { name: `Send password reset link to ${user.email}` }).click();
  const late = (await page.getByTestId("password-reset-link").textContent())!.trim();
  await sql(`UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [
    createHash("sha256").update(late.split("/reset-password/")[1]!).digest("hex"),
  ]);
  await page.goto(new URL(late).pathname);
  await expect(page.getByRole("heading", { level: 1, name: "This password reset link has expired" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Request a new link" })).toHaveAttribute("href", "/forgot-password");
});
