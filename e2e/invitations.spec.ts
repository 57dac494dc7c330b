import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { signIn } from "./support/portal";

const PASSWORD = "a brand new password";

// An invitation straight in the database, as the portal stores it: only the hash of the token.
async function insertInvitation(
  email: string,
  expiresInMs = 7 * 86_400_000,
): Promise<{ token: string; tenant: string }> {
  const tenant = uniqueTenant("Invited");
  const token = randomBytes(32).toString("base64url");
  const [row] = await sql<{ id: string }>(
    `INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`,
    [tenant],
  );
  await sql(
    `INSERT INTO invitations (id, tenant_id, email, token_hash, expires_at) VALUES (gen_random_uuid(), $1, $2, $3, now() + $4 * interval '1 millisecond')`,
    [row!.id, email, createHash("sha256").update(token).digest("hex"), expiresInMs],
  );
  return { token, tenant };
}

async function setPassword(page: Page, password = PASSWORD, confirm = password) {
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(confirm);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
}

// Not the staff users' domain (example.test): support cannot invite addresses of their own domain.
const newEmail = () => `invitee-${randomBytes(5).toString("hex")}@customer.example.test`;

test("support invites a customer; the customer accepts, sets a password and lands in their tenant's Connections page", async ({
  page,
  browser,
}) => {
  await signIn(page, createUser("support"));
  await page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Tenants" }).click();
  const tenant = uniqueTenant("Globex");
  await page.getByLabel("Tenant name").fill(tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant })).toBeVisible();

  await page.getByLabel("Customer email").fill(`colleague-${randomBytes(4).toString("hex")}@example.test`);
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByText("Invitations to your own email domain (example.test) are refused").first()).toBeVisible();

  const email = newEmail();
  await page.getByLabel("Customer email").fill(email);
  await page.getByRole("button", { name: "Invite" }).click();
  const shown = page.getByRole("status", { name: "Invitation link" });
  await expect(shown).toContainText("send the link to the customer yourself");
  await expect(shown.getByRole("button", { name: "Copy link" })).toBeVisible();
  const link = (await shown.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  const token = link.split("/invite/")[1]!;
  await expect(page.getByRole("list", { name: "Recent invitations" })).toContainText(email);
  // Shown once: reloading the tenant page does not bring the link back, and the database holds only its hash.
  await page.reload();
  await expect(page.getByText(token)).toHaveCount(0);
  const [stored] = await sql<{ token_hash: string; row: string }>(
    `SELECT token_hash, to_jsonb(i)::text AS row FROM invitations i WHERE email = $1`,
    [email],
  );
  expect(stored!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
  expect(stored!.row).not.toContain(token);

  const customer = await browser.newContext();
  const invitee = await customer.newPage();
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByRole("heading", { name: "Set up your account" })).toBeVisible();
  await expect(invitee.getByTestId("invitation-tenant")).toHaveText(tenant);
  await expect(invitee.getByTestId("invitation-email")).toHaveText(email);
  await setPassword(invitee, PASSWORD, "something else entirely");
  await expect(invitee.locator("#field-confirmPassword-error")).toContainText("do not match");
  await setPassword(invitee, "short");
  await expect(invitee.locator("#field-password-error")).toContainText("at least 12 characters");
  await setPassword(invitee);
  await expect(invitee).toHaveURL(/\/connections$/);
  await expect(invitee.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  await expect(invitee.getByRole("navigation", { name: "Account" })).toContainText(`${email} · ${tenant}`);
  await customer.close();

  const audit = await sql<{ action: string; actor_email: string }>(
    `SELECT action, actor_email FROM audit_events WHERE action IN ('invitation.created', 'invitation.accepted') AND details->>'email' = $1 ORDER BY id`,
    [email],
  );
  expect(audit.map((a) => a.action)).toEqual(["invitation.created", "invitation.accepted"]);
  expect(audit[1]!.actor_email).toBe(email);
});

test("expired and used invitation links are refused with a clear page", async ({ page, browser }) => {
  const expiredEmail = newEmail();
  const expired = await insertInvitation(expiredEmail);
  await sql(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [expiredEmail]);
  await page.goto(`/invite/${expired.token}`);
  await expect(page.getByRole("heading", { name: "This invitation link is invalid or has expired" })).toBeVisible();
  await expect(page.getByText("Ask your support contact for a new invitation.")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
  await expect(page.getByText(expired.tenant)).toHaveCount(0);

  // A link that never existed reads exactly like an expired one.
  await page.goto(`/invite/${randomBytes(32).toString("base64url")}`);
  await expect(page.getByRole("heading", { name: "This invitation link is invalid or has expired" })).toBeVisible();

  const usedEmail = newEmail();
  const used = await insertInvitation(usedEmail);
  const first = await browser.newContext();
  const firstPage = await first.newPage();
  await firstPage.goto(`/invite/${used.token}`);
  await setPassword(firstPage);
  await expect(firstPage).toHaveURL(/\/connections$/);
  await first.close();
  await page.goto(`/invite/${used.token}`);
  await expect(page.getByRole("heading", { name: "This invitation link has already been used" })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);

  // Expiry is enforced when the form is submitted, not only when the page is opened.
  const lateEmail = newEmail();
  const late = await insertInvitation(lateEmail);
  await page.goto(`/invite/${late.token}`);
  await expect(page.getByRole("heading", { name: "Set up your account" })).toBeVisible();
  await sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = $1`, [lateEmail]);
  await setPassword(page);
  await expect(page.getByRole("alert", { name: "Your account was not created" })).toContainText(
    "invalid or has expired",
  );
  expect(await sql(`SELECT 1 FROM users WHERE email = $1`, [lateEmail])).toHaveLength(0);
});

test("a disabled customer's open session stops working", async ({ page, browser }) => {
  const tenant = uniqueTenant("Disabled");
  const customerUser = createUser("customer", tenant);
  const customer = await browser.newContext();
  const customerPage = await customer.newPage();
  await signIn(customerPage, customerUser);
  await expect(customerPage.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();

  await signIn(page, createUser("support"));
  const [row] = await sql<{ id: string }>(`SELECT id FROM tenants WHERE name = $1`, [tenant]);
  await page.goto(`/support/tenants/${row!.id}`);
  const users = page.getByRole("table", { name: "Users" });
  await users.getByRole("button", { name: `Disable ${customerUser.email}` }).click();
  await expect(users.getByRole("button", { name: `Enable ${customerUser.email}` })).toBeVisible();
  await expect(users).toContainText("Disabled");

  await customerPage.goto("/connections");
  await expect(customerPage).toHaveURL(/\/sign-in$/);
  await customerPage.getByLabel("Email").fill(customerUser.email);
  await customerPage.getByLabel("Password").fill(customerUser.password);
  await customerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(customerPage.getByRole("alert", { name: "Sign-in failed" })).toBeVisible();
  await customer.close();

  const audit = await sql<{ action: string }>(
    `SELECT a.action FROM audit_events a JOIN users u ON u.id::text = a.target_id WHERE u.email = $1 AND a.action = 'user.disabled'`,
    [customerUser.email],
  );
  expect(audit).toHaveLength(1);
});
