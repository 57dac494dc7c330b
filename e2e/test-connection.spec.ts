import { expect, test, type Page } from "@playwright/test";
import { sql } from "./support/db";
import { FAKE } from "./support/fake-salesforce";
import { runTestAgainstFake } from "./support/journeys";

type Run = {
  outcome: string;
  error_code: string | null;
  failed_step: string | null;
  attempts: { audience: string; ok: boolean; code?: string }[];
  token_host: string | null;
  audience: string | null;
  ran_by_email: string;
};

async function latestRun(connectionId: string): Promise<Run> {
  const [run] = await sql<Run>(
    `SELECT outcome, error_code, failed_step, attempts, token_host, audience, ran_by_email FROM test_runs WHERE connection_id = $1 ORDER BY started_at DESC LIMIT 1`,
    [connectionId],
  );
  return run!;
}

const verdict = (page: Page) => page.getByRole("region", { name: "Test result" }).first();

test("a correctly set-up org connects with a clean preflight, and the working pair is saved", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  const steps = page.getByRole("list", { name: "Test steps" }).first();
  for (const step of ["Token (JWT bearer flow)", "API version", "Identity", "Event log access"]) {
    await expect(steps.getByRole("listitem").filter({ hasText: step })).toContainText("OK");
  }
  await expect(verdict(page).getByTestId("working-pair")).toContainText(`audience ${FAKE.origin()}`);
  const run = await latestRun(connectionId);
  expect(run).toMatchObject({
    outcome: "connected",
    error_code: null,
    token_host: FAKE.origin(),
    audience: FAKE.origin(),
  });
  expect(run.attempts).toHaveLength(1);
  const [connection] = await sql<{ status: string; audience: string; last_tested_at: Date | null }>(
    `SELECT status, audience, last_tested_at FROM connections WHERE id = $1`,
    [connectionId],
  );
  expect(connection).toMatchObject({ status: "connected", audience: FAKE.origin() });
  expect(connection!.last_tested_at).not.toBeNull();
  // After the refresh, the page shows the saved pair and the run in the history.
  await expect(page.getByTestId("saved-pair")).toContainText(FAKE.origin());
  await expect(page.getByRole("list", { name: "Test history" }).getByRole("listitem")).toHaveCount(1);
  // The collector's settings are offered, with the tested pair.
  await expect(page.getByTestId("collector-config")).toContainText(`jwt_url: ${FAKE.origin()}`);
});

test("an org that accepts only the login audience connects on a later pair, which is saved", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), {
    acceptedAudiences: ["https://login.salesforce.com"],
  });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  await expect(verdict(page).getByTestId("working-pair")).toContainText("audience https://login.salesforce.com");
  const run = await latestRun(connectionId);
  expect(run.audience).toBe("https://login.salesforce.com");
  expect(run.attempts.map((a) => [a.audience, a.ok, a.code ?? null])).toEqual([
    [FAKE.origin(), false, "audience_invalid"],
    ["https://login.salesforce.com", true, null],
  ]);
  await expect(page.getByTestId("saved-pair")).toContainText("https://login.salesforce.com");
  // Elastic takes one URL for host and audience: the mixed pair is called out.
  await expect(page.getByTestId("collector-config")).toContainText("one URL for both");
});

test("a wrong Client ID is diagnosed at once and points to the Client ID step", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), {
    clientId: "3MVG9NotARegisteredConsumerKeyAtAll0000000000000000000000000000",
  });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText(/^Failed at step/);
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("Salesforce does not know this Client ID");
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("client identifier invalid");
  // The page refreshes its history once the run is recorded; click after that, so the refresh cannot drop the #fragment.
  await expect(page.getByRole("list", { name: "Test history" }).getByRole("listitem")).toHaveCount(1);
  await verdict(page).getByRole("link", { name: "Go to the setup step that fixes this" }).click();
  await expect(page).toHaveURL(/#step-client-id$/);
  const run = await latestRun(connectionId);
  expect(run).toMatchObject({ outcome: "failed", error_code: "invalid_client_id", failed_step: "token" });
  expect(run.attempts).toHaveLength(1); // no other pair can fix it
});

test("a certificate that was not uploaded is diagnosed as invalid assertion", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { registerCertificate: false });
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText(
    "The certificate in Salesforce does not match this key",
  );
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("invalid assertion");
  await expect(verdict(page).getByRole("link", { name: "Go to the setup step that fixes this" })).toHaveAttribute(
    "href",
    "#step-upload-certificate",
  );
  expect(await latestRun(connectionId)).toMatchObject({ outcome: "failed", error_code: "invalid_assertion" });
});

test("a user who is not pre-authorized is told to fix Permitted Users", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { preAuthorized: false });
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("The user is not pre-authorized for the app");
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("Admin approved users are pre-authorized");
  await expect(verdict(page).getByRole("link", { name: "Go to the setup step that fixes this" })).toHaveAttribute(
    "href",
    "#step-permitted-users",
  );
  expect(await latestRun(connectionId)).toMatchObject({ outcome: "failed", error_code: "user_not_approved" });
});

test("an org without readable event logs connects with a warning naming both causes", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { eventLogs: "invalid_type" });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected with warnings");
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("Event Monitoring");
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("View Event Log Files");
  const run = await latestRun(connectionId);
  expect(run.outcome).toBe("warnings");
  const [connection] = await sql<{ status: string }>(`SELECT status FROM connections WHERE id = $1`, [connectionId]);
  expect(connection!.status).toBe("warnings");
});

test("bad connection fields get field errors, a Lightning URL gets the My Domain suggestion, and nothing is saved", async ({
  page,
}) => {
  const { customerWithCertificate } = await import("./support/journeys");
  const { connectionId } = await customerWithCertificate(page);
  await page.getByLabel("Instance URL").fill("https://acme.lightning.force.com/lightning/page/home");
  await page.getByRole("button", { name: "Save My Domain" }).click();
  await expect(page.locator("#field-instanceUrl-error")).toContainText("https://acme.my.salesforce.com");
  await page.getByLabel("Username", { exact: true }).fill("not-an-email");
  await page.getByLabel("Client ID (Consumer Key)").fill("3MVG9 with spaces");
  await page.getByLabel("API Version").fill("62");
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.locator("#field-username-error")).toContainText("email");
  await expect(page.locator("#field-clientId-error")).toContainText("spaces");
  await expect(page.locator("#field-apiVersion-error")).toContainText("62.0");
  await expect(page.getByRole("button", { name: "Test connection" })).toBeDisabled();
  const [connection] = await sql<{ username: string | null; instance_url: string | null }>(
    `SELECT username, instance_url FROM connections WHERE id = $1`,
    [connectionId],
  );
  expect(connection).toEqual({ username: null, instance_url: null });
});

test("ticking a setup step is saved and survives a reload", async ({ page }) => {
  const { customerWithCertificate } = await import("./support/journeys");
  const { connectionId } = await customerWithCertificate(page);
  const step = page.locator("#step-upload-certificate");
  await expect(step).toContainText(/[0-9A-F]{2}(:[0-9A-F]{2}){31}/); // the fingerprint to compare in Salesforce
  await step.getByRole("button", { name: /Enable JWT Bearer Flow.*Mark done/ }).click();
  await expect(step.getByRole("button", { pressed: true })).toBeVisible();
  await page.reload();
  await expect(page.locator("#step-upload-certificate").getByRole("button", { pressed: true })).toContainText("Done");
  await expect(page.getByText("1 of 8 steps done.")).toBeVisible();
  const [row] = await sql<{ checklist: Record<string, boolean> }>(`SELECT checklist FROM connections WHERE id = $1`, [
    connectionId,
  ]);
  expect(row!.checklist).toEqual({ "upload-certificate": true });
});
