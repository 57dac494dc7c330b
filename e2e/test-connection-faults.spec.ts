import { expect, test, type Page } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { FAKE, setFault } from "./support/fake-salesforce";
import { runTestAgainstFake } from "./support/journeys";
import { signIn } from "./support/portal";

// These journeys own the second fake: its faults affect no other test.
test.describe.configure({ mode: "serial" });
test.afterEach(async () => setFault(FAKE.faulty(), null));

const verdict = (page: Page) => page.getByRole("region", { name: "Test result" }).first();

test("a My Domain that never answers is classified as a timeout, naming the host, within 15 s", async ({ page }) => {
  test.setTimeout(120_000);
  await setFault(FAKE.faulty(), { kind: "delay", ms: 60_000 }, "token");
  const started = Date.now();
  const connectionId = await runTestAgainstFake(page, FAKE.faulty(), {}, async (running) => {
    // Progress streams in while the token request hangs: the step shows as running, and the button is busy.
    const token = running
      .getByRole("list", { name: "Test steps" })
      .getByRole("listitem")
      .filter({ hasText: "Token (JWT bearer flow)" });
    await expect(token).toContainText("Running…");
    await expect(running.getByRole("button", { name: "Testing…" })).toBeDisabled();
    await expect(running.getByRole("status").filter({ hasText: "Test connection started." })).toBeAttached();
  });
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("Salesforce did not answer in time");
  // A timeout is on the provider's side: the customer reads the host among the technical details, not as a fix.
  await expect(verdict(page)).toContainText(new URL(FAKE.faulty()).host);
  const [run] = await sql<{
    outcome: string;
    error_code: string;
    duration_ms: number;
    attempts: { tokenHost: string; code: string }[];
  }>(`SELECT outcome, error_code, duration_ms, attempts FROM test_runs WHERE connection_id = $1`, [connectionId]);
  expect(run).toMatchObject({ outcome: "failed", error_code: "timeout" });
  expect(run!.duration_ms).toBeLessThan(15_000);
  // The hanging host is tried once; login and test (which do not know this org's key) answer at once.
  expect(run!.attempts.map((a) => [a.tokenHost, a.code])).toEqual([
    [FAKE.faulty(), "timeout"],
    [FAKE.login(), "invalid_client_id"],
    [FAKE.test(), "invalid_client_id"],
  ]);
  expect(Date.now() - started).toBeLessThan(60_000);
});

test("a Salesforce server error is classified as such", async ({ page }) => {
  await setFault(FAKE.faulty(), { kind: "5xx" }, "token");
  const connectionId = await runTestAgainstFake(page, FAKE.faulty());
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText("Salesforce answered with a server error");
  const [run] = await sql<{ outcome: string; error_code: string; duration_ms: number }>(
    `SELECT outcome, error_code, duration_ms FROM test_runs WHERE connection_id = $1`,
    [connectionId],
  );
  expect(run).toMatchObject({ outcome: "failed", error_code: "salesforce_unavailable" });
  expect(run!.duration_ms).toBeLessThan(30_000);
});

test("a provider-side cause tells the customer it is on our side, and staff read the technical fix", async ({
  page,
  browser,
}) => {
  await setFault(FAKE.faulty(), { kind: "reset" }, "token");
  const connectionId = await runTestAgainstFake(page, FAKE.faulty());
  const [run] = await sql<{ id: string; error_code: string }>(
    `SELECT id, error_code FROM test_runs WHERE connection_id = $1`,
    [connectionId],
  );
  expect(run!.error_code).toBe("connection_reset");
  const check = async () => {
    const diagnosis = verdict(page).getByTestId("test-diagnosis");
    await expect(diagnosis).toContainText("The connection was cut");
    await expect(diagnosis).toContainText(
      `This is on our side, not in your Salesforce setup; support has been notified (reference ${run!.id})`,
    );
    const shown = (await page.locator("main").innerText()).toLowerCase();
    for (const instruction of ["proxy", "firewall", "portal's", "clock", "outbound"])
      expect(shown, instruction).not.toContain(instruction);
  };
  await check();
  await page.reload();
  await check();

  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, createUser("support"));
  await staffPage.goto(`/support/connections/${connectionId}`);
  const latest = staffPage.getByTestId("test-run").first();
  await latest.locator("summary").click();
  await expect(latest.getByTestId("provider-side")).toContainText(run!.id);
  await expect(latest.getByTestId("test-diagnosis")).toContainText(
    "a proxy or firewall between the portal and Salesforce",
  );
  await staff.close();
});
