import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { signIn } from "./support/portal";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Run = { outcome: "connected" | "failed"; ago: number; code?: string; title?: string };

// Straight into the database, under this run's token (other tests share it). Runs oldest first; the last sets the status.
async function seedSet(tok: string) {
  const tenant = async (suffix: string) => {
    const id = randomUUID();
    await sql(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [id, `Tri${tok} ${suffix}`]);
    return id;
  };
  const connection = async (
    tenantId: string,
    name: string,
    { createdAgo, expiresIn, runs = [] }: { createdAgo: number; expiresIn?: number; runs?: Run[] },
  ) => {
    const id = randomUUID();
    await sql(
      `INSERT INTO connections (id, tenant_id, name, created_at, certificate_expires_at, username, client_id, instance_url, environment)
       VALUES ($1, $2, $3, $4, $5, $6, '3MVG9e2e', 'https://e2e.my.salesforce.com', 'production')`,
      [
        id,
        tenantId,
        name,
        new Date(Date.now() - createdAgo),
        expiresIn === undefined ? null : new Date(Date.now() + expiresIn),
        expiresIn === undefined ? null : `integration@${name.split(" ")[0]!.toLowerCase()}-${tok}.example.com`,
      ],
    );
    for (const run of runs) {
      const runId = randomUUID();
      const at = new Date(Date.now() - run.ago);
      const steps = run.title
        ? [
            {
              name: "token",
              status: "failed",
              message: "x",
              durationMs: 1,
              diagnosis: { code: run.code, title: run.title },
            },
          ]
        : [];
      await sql(
        `INSERT INTO test_runs (id, connection_id, tenant_id, outcome, failed_step, error_code, steps, started_at, finished_at)
         VALUES ($1, $2, $3, $4::"TestOutcome", $5, $6, $7, $8, $8)`,
        [runId, id, tenantId, run.outcome, run.code ? "token" : null, run.code ?? null, JSON.stringify(steps), at],
      );
      await sql(
        `UPDATE connections SET status = $2::"ConnectionStatus", last_tested_at = $3, last_test_run_id = $4 WHERE id = $1`,
        [id, run.outcome, at, runId],
      );
    }
  };
  const north = await tenant("North");
  const south = await tenant("South");
  // Failed three weeks ago and never connected: it stays first although the others were tested since.
  await connection(north, "Legacy org", {
    createdAgo: 30 * DAY,
    expiresIn: 200 * DAY,
    runs: [{ outcome: "failed", ago: 21 * DAY, code: "user_not_approved" }],
  });
  await connection(north, "Fresh org", {
    createdAgo: 30 * DAY,
    expiresIn: 200 * DAY,
    runs: [{ outcome: "connected", ago: HOUR }],
  });
  await connection(south, "Broken org", {
    createdAgo: 30 * DAY,
    expiresIn: 200 * DAY,
    runs: [
      { outcome: "connected", ago: 3 * DAY },
      { outcome: "failed", ago: 2 * HOUR, code: "invalid_client_id" },
    ],
  });
  await connection(south, "Expiring org", {
    createdAgo: 60 * DAY,
    expiresIn: 10 * DAY,
    runs: [{ outcome: "connected", ago: 2 * DAY }],
  });
  await connection(south, "Stuck org", { createdAgo: 5 * DAY });
  return { north };
}

const rows = (page: Page) => page.getByTestId("dashboard-row");
const connectionNames = (page: Page) => rows(page).getByTestId("connection-link").allTextContents();

test("the triage landing puts what needs action first, and its tiles and pictures filter the table", async ({
  page,
}) => {
  const tok = randomBytes(4).toString("hex");
  const { north } = await seedSet(tok);
  await signIn(page, createUser("support"));
  await page.goto(`/support?q=Tri${tok}`);
  await expect(
    page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Dashboard" }),
  ).toHaveAttribute("aria-current", "page");

  // Failed first, longest failing first; then the soonest expiry; then the newest test; never tested last.
  await expect
    .poll(() => connectionNames(page))
    .toEqual(["Legacy org", "Broken org", "Expiring org", "Fresh org", "Stuck org"]);
  const legacy = rows(page).filter({ hasText: "Legacy org" });
  await expect(legacy.getByTestId("last-test-title")).toHaveText("The user is not pre-authorized for the app");
  await expect(legacy.getByTestId("failing-since")).toContainText("21 days ago");
  await expect(legacy.getByRole("img", { name: "Last test: 1 failed; latest failed" })).toBeVisible();
  await expect(rows(page).filter({ hasText: "Stuck org" }).getByTestId("stalled-stage")).toHaveText(
    "Stalled: No certificate",
  );

  // Tiles count what needs action and filter the table, keeping the search.
  const tiles = page.getByRole("navigation", { name: "Needs action" });
  await expect(tiles.getByTestId("tile-failed")).toHaveAccessibleName(/^2\s*Failed/);
  await expect(tiles.getByTestId("tile-stalled")).toHaveAccessibleName(/^2\s*Stalled onboarding/);
  await tiles.getByTestId("tile-failed").click();
  await expect(page).toHaveURL(/view=failed/);
  await expect.poll(() => connectionNames(page)).toEqual(["Legacy org", "Broken org"]);
  await expect(tiles.getByTestId("tile-failed")).toHaveAttribute("aria-current", "true");
  await tiles.getByTestId("tile-stalled").click();
  await expect.poll(() => connectionNames(page)).toEqual(["Legacy org", "Stuck org"]);

  // A bar of the expiry chart filters to that week's certificates.
  await page.getByRole("link", { name: /^1 certificate expires in the week of / }).click();
  await expect(page).toHaveURL(/week=1/);
  await expect.poll(() => connectionNames(page)).toEqual(["Expiring org"]);

  // A failure reason of the last 7 days filters to the connections that failed with it (Legacy's is 3 weeks old).
  await page.getByTestId("failure-reason").filter({ hasText: "Salesforce does not know this Client ID" }).click();
  await expect(page).toHaveURL(/reason=invalid_client_id/);
  await expect.poll(() => connectionNames(page)).toEqual(["Broken org"]);

  // One wording clears every filter.
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/support$/);

  // The tenant cell links to the tenant.
  await page.goto(`/support?q=Tri${tok}`);
  await rows(page)
    .filter({ hasText: "Legacy org" })
    .getByRole("link", { name: `Tri${tok} North` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/support/tenants/${north}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Tri${tok} North` })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Tenants" }),
  ).toHaveAttribute("aria-current", "true");

  // A link with values the dashboard does not understand says so, and still shows the dashboard.
  await page.goto(`/support?q=Tri${tok}&week=99&view=bogus`);
  await expect(page.getByRole("status", { name: "Some filters in the link were not understood" })).toContainText(
    "Ignored: view, week",
  );
  await expect(rows(page)).toHaveCount(5);
});
