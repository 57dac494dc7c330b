import { expect, test, type Page } from "@playwright/test";
import { sql } from "./support/db";
import { FAKE, setFault } from "./support/fake-salesforce";
import { runTestAgainstFake } from "./support/journeys";

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
  await expect(verdict(page).getByTestId("test-diagnosis")).toContainText(new URL(FAKE.faulty()).host);
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
