import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql, uniqueTenant } from "./support/db";
import { createConnection, fillCertificateForm, signIn } from "./support/portal";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Tenants and connections straight into the database, each run under its own token (other tests share it).
async function seedSet(tok: string) {
  const tenant = async (suffix: string) => {
    const id = randomUUID();
    await sql(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [id, `E2E${tok} ${suffix}`]);
    return id;
  };
  const connection = async (
    tenantId: string,
    name: string,
    fields: { status?: string; testedAgo?: number; expiresIn?: number; username?: string; instanceUrl?: string },
  ) => {
    const id = randomUUID();
    await sql(
      `INSERT INTO connections (id, tenant_id, name, status, last_tested_at, certificate_expires_at, username, instance_url, environment)
       VALUES ($1, $2, $3, $4::"ConnectionStatus", $5, $6, $7, $8, 'production')`,
      [
        id,
        tenantId,
        name,
        fields.status ?? "never_tested",
        fields.testedAgo === undefined ? null : new Date(Date.now() - fields.testedAgo),
        fields.expiresIn === undefined ? null : new Date(Date.now() + fields.expiresIn),
        fields.username ?? null,
        fields.instanceUrl ?? null,
      ],
    );
    return id;
  };
  const north = await tenant("North");
  const south = await tenant("South");
  const west = await tenant("West");
  await connection(north, "North prod", {
    status: "connected",
    testedAgo: HOUR,
    expiresIn: 200 * DAY,
    username: `n1-${tok}@north.example`,
    instanceUrl: `https://north-${tok}.my.salesforce.com`,
  });
  const failing = await connection(north, "North sandbox", {
    status: "failed",
    testedAgo: 2 * HOUR,
    expiresIn: 10 * DAY + 12 * HOUR,
  });
  const run = randomUUID();
  await sql(
    `INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, started_at) VALUES ($1, $2, $3, 'failed', 'token', 'user_not_approved', now() - interval '2 hours')`,
    [run, failing, north],
  );
  await sql(`UPDATE connections SET last_test_run_id = $1 WHERE id = $2`, [run, failing]);
  await connection(south, "South prod", { status: "warnings", testedAgo: 3 * DAY, expiresIn: -5 * DAY - 12 * HOUR });
  await connection(south, "South new", {});
  for (let i = 1; i <= 26; i++) {
    await connection(west, `West ${String(i).padStart(2, "0")}`, {
      status: "connected",
      testedAgo: (10 + i) * DAY,
      expiresIn: 300 * DAY,
    });
  }
}

const rows = (page: Page) => page.getByTestId("dashboard-row");
const connectionNames = (page: Page) => rows(page).getByTestId("connection-link").allTextContents();

test("Filters and search return the right rows on a seeded set", async ({ page }) => {
  const tok = randomBytes(4).toString("hex");
  await seedSet(tok);
  await signIn(page, createUser("support"));
  await page.goto("/support");
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();

  // Search from the keyboard: the form is a plain GET form, so the state lands in the URL.
  await page.getByLabel("Search", { exact: true }).fill(`E2E${tok}`);
  await page.getByLabel("Search", { exact: true }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]q=E2E${tok}`));
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 1–25 of 30 connections");
  await expect(rows(page)).toHaveCount(25);
  const counts = page.getByRole("navigation", { name: "Connections by status" });
  await expect(counts.getByRole("link", { name: "All 30" })).toHaveAttribute("aria-current", "true");
  await expect(counts.getByRole("link", { name: "Never tested 1" })).toBeVisible();
  await expect(counts.getByRole("link", { name: "Connected 27" })).toBeVisible();
  await expect(counts.getByRole("link", { name: "Warnings 1" })).toBeVisible();
  // Needs action first (failed, then expired or expiring); then the newest test; never tested sorts last, on page 2.
  expect((await connectionNames(page)).slice(0, 3)).toEqual(["North sandbox", "South prod", "North prod"]);

  await page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 26–30 of 30 connections");
  expect(await connectionNames(page)).toEqual(["West 23", "West 24", "West 25", "West 26", "South new"]);

  // A status count is a filter that keeps the search.
  await counts.getByRole("link", { name: "Failed 1" }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText("North sandbox");
  await expect(rows(page).first()).toContainText(`E2E${tok} North`);
  await expect(rows(page).first()).toContainText("user_not_approved at token");
  await expect(rows(page).first()).toContainText("11 days left"); // 10.5 days, rounded up
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("failed");

  // Certificates expiring within 30 days, expired ones included, soonest first.
  await page.getByLabel("Status", { exact: true }).selectOption("");
  await page.getByLabel("Certificate expires within (days)").fill("30");
  await page.getByLabel("Sort by").selectOption("expiry-asc");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(rows(page)).toHaveCount(2);
  expect(await connectionNames(page)).toEqual(["South prod", "North sandbox"]);
  await expect(rows(page).first().getByTestId("certificate-expiry")).toHaveText("Expired 6 days ago");
  await expect(page.getByRole("link", { name: "Failed 1" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Connected 0" })).toBeVisible();

  // Username and instance host are searched too.
  await page.goto(`/support?q=n1-${tok}`);
  expect(await connectionNames(page)).toEqual(["North prod"]);
  await page.getByLabel("Search", { exact: true }).fill(`NORTH-${tok}.my`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The list is re-rendered by a client-side navigation: wait for it rather than read it mid-transition.
  await expect(page).toHaveURL(/q=NORTH-/);
  await expect.poll(() => connectionNames(page)).toEqual(["North prod"]);
  await expect(rows(page).first()).toContainText(`north-${tok}.my.salesforce.com`);

  // A hand-edited URL with bad values shows the defaults rather than an error.
  await page.goto(`/support?q=E2E${tok}&status=bogus&expires=-4&page=abc&sort=drop`);
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 1–25 of 30 connections");
});

test("support opens a connection's detail and downloads the same server.crt", async ({ browser }) => {
  const tenant = uniqueTenant("Detail");
  const customer = createUser("customer", tenant);
  const customerPage = await (await browser.newContext()).newPage();
  await signIn(customerPage, customer);
  const connectionId = await createConnection(customerPage, "Production org");
  await fillCertificateForm(customerPage);
  await customerPage.getByRole("button", { name: "Generate certificate" }).click();
  await expect(customerPage.getByLabel("Current certificate")).toBeVisible();
  const [stored] = await sql<{ certificate_pem: string; fingerprint_sha256: string; tenant_id: string }>(
    `SELECT certificate_pem, fingerprint_sha256, tenant_id FROM certificates WHERE connection_id = $1`,
    [connectionId],
  );
  const steps = [
    { name: "token", status: "failed", message: "The user is not pre-approved.", durationMs: 321 },
    { name: "version", status: "skipped", message: "Not run.", durationMs: 0 },
  ];
  const attempts = [
    {
      tokenHost: "login.salesforce.com",
      audience: "https://login.salesforce.com",
      ok: false,
      status: 400,
      code: "user_not_approved",
      salesforceDescription: "user hasn't approved this consumer",
      durationMs: 310,
    },
  ];
  await sql(
    `INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, summary, steps, attempts, ran_by_email, ran_by_role, duration_ms)
     VALUES ($1, $2, $3, 'failed', 'token', 'user_not_approved', 'Failed at the token step.', $4, $5, $6, 'customer', 1234)`,
    [randomUUID(), connectionId, stored!.tenant_id, JSON.stringify(steps), JSON.stringify(attempts), customer.email],
  );

  await customerPage.context().close();

  const support = createUser("support");
  const page = await (await browser.newContext()).newPage();
  await signIn(page, support);
  await page.goto(`/support?q=${encodeURIComponent(tenant)}`);
  await page.getByRole("link", { name: "Production org" }).click();
  await expect(page).toHaveURL(new RegExp(`/support/connections/${connectionId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Production org" })).toBeVisible();
  const card = page.getByLabel("Current certificate");
  await expect(card.getByTestId("certificate-fingerprint")).toHaveText(stored!.fingerprint_sha256);

  const run = page.getByTestId("test-run").first();
  await expect(run.getByText("The user is not pre-approved.")).toBeHidden();
  await run.locator("summary").click();
  await expect(run.getByText("The user is not pre-approved.")).toBeVisible();
  await expect(run.getByRole("cell", { name: "https://login.salesforce.com" })).toBeVisible();
  await expect(run).toContainText("user hasn't approved this consumer");

  const downloadPromise = page.waitForEvent("download");
  await card.getByRole("link", { name: "Download server.crt" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("server.crt");
  expect(readFileSync((await download.path())!)).toEqual(Buffer.from(stored!.certificate_pem, "utf8"));

  // The download is audited as this staff member and shows among the connection's audit entries.
  await page.reload();
  const audit = page.getByRole("table", { name: "Audit entries" });
  await expect(
    audit.getByRole("row").filter({ hasText: "certificate.downloaded" }).filter({ hasText: support.email }),
  ).toHaveCount(1);

  await page.goto("/support/connections/not-a-connection");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.context().close();
});
