import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./support/config";
import { sql } from "./support/db";
import { FAKE, fakeLog } from "./support/fake-salesforce";
import { customerWithCertificate, runTestAgainstFake } from "./support/journeys";

const LOGIN = "https://login.salesforce.com";
type Run = {
  outcome: string;
  attempts: { tokenHost: string; audience: string; ok: boolean; code?: string }[];
  token_host: string | null;
  audience: string | null;
  collector: Record<string, unknown> | null;
};
type TokenLog = { host: string; iss?: string };

async function latestRun(connectionId: string): Promise<Run> {
  const [run] = await sql<Run>(
    `SELECT outcome, attempts, token_host, audience, collector FROM test_runs WHERE connection_id = $1 ORDER BY started_at DESC LIMIT 1`,
    [connectionId],
  );
  return run!;
}

async function clientIdOf(connectionId: string): Promise<string> {
  const [row] = await sql<{ client_id: string }>(`SELECT client_id FROM connections WHERE id = $1`, [connectionId]);
  return row!.client_id;
}

const verdict = (page: Page) => page.getByRole("region", { name: "Test result" }).first();
const hostOf = (origin: string) => new URL(origin).host;

test("a Gov Cloud-like org (only its My Domain knows the key, aud login) connects, and the assertion never goes to login or test", async ({
  page,
}) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), {
    knownAt: [FAKE.origin()],
    acceptedAudiences: [LOGIN],
    myDomainOnly: true,
  });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  await expect(verdict(page).getByTestId("working-pair")).toContainText(`audience ${LOGIN}`);
  const run = await latestRun(connectionId);
  expect(run).toMatchObject({ outcome: "connected", token_host: FAKE.origin(), audience: LOGIN });
  expect(run.attempts.length).toBeLessThanOrEqual(3);
  const clientId = await clientIdOf(connectionId);
  const mine = (await fakeLog<TokenLog>(FAKE.origin(), "requests")).filter((r) => r.iss === clientId);
  expect(mine.map((r) => r.host)).toEqual(run.attempts.map(() => hostOf(FAKE.origin())));
  // The box is kept, and the saved pair is tried first next time: one attempt.
  await expect(page.getByLabel("Gov Cloud / this org blocks login.salesforce.com")).toBeChecked();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("list", { name: "Test history" }).getByRole("listitem")).toHaveCount(2);
  expect((await latestRun(connectionId)).attempts).toHaveLength(1);
});

test("the same org without the box still connects through its My Domain before login is tried", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), {
    knownAt: [FAKE.origin()],
    acceptedAudiences: [LOGIN],
  });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  const run = await latestRun(connectionId);
  expect(run.attempts.map((a) => [a.tokenHost, a.audience, a.ok])).toEqual([
    [FAKE.origin(), FAKE.origin(), false],
    [FAKE.origin(), LOGIN, true],
  ]);
});

test("a sandbox username with digits (integration@acme.example.dev1) is saved and connects", async ({ page }) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { username: "integration@acme.example.dev1" });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  const [row] = await sql<{ username: string }>(`SELECT username FROM connections WHERE id = $1`, [connectionId]);
  expect(row!.username).toBe("integration@acme.example.dev1");
});

test("login.salesforce.com is refused as the Instance URL with a pointer to the My Domain, and nothing is saved", async ({
  page,
}) => {
  const { connectionId } = await customerWithCertificate(page);
  await page.getByLabel("Instance URL").fill("https://login.salesforce.com");
  await page.getByRole("button", { name: "Save My Domain" }).click();
  await expect(page.locator("#field-instanceUrl-error")).toContainText("not your org");
  await expect(page.locator("#field-instanceUrl-error")).toContainText("My Domain");
  const [row] = await sql<{ instance_url: string | null }>(`SELECT instance_url FROM connections WHERE id = $1`, [
    connectionId,
  ]);
  expect(row!.instance_url).toBeNull();
});

test("an org without the Event Monitoring add-on is told it will only collect daily files, and the collector is set to Daily", async ({
  page,
}) => {
  const free = [
    { eventType: "Login", interval: "Daily" as const, files: 7 },
    { eventType: "Logout", interval: "Daily" as const, files: 7 },
    { eventType: "ApiTotalUsage", interval: "Daily" as const, files: 7 },
  ];
  const connectionId = await runTestAgainstFake(page, FAKE.origin(), { eventLogFiles: free, loginEvent: false });
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected with warnings");
  const steps = page.getByRole("list", { name: "Test steps" }).first();
  await expect(steps.getByRole("listitem").filter({ hasText: "Event log access" })).toContainText(
    "No Event Monitoring add-on: only 3 daily event types will be collected",
  );
  const run = await latestRun(connectionId);
  expect(run.collector).toMatchObject({ hourlyAvailable: false, logFileInterval: "Daily", objectOption: false });
  const config = page.getByTestId("collector-config");
  await config.getByText("Collector configuration").click();
  await expect(config).toContainText("Interval='Daily'");
  await expect(config).not.toContainText("Interval='Hourly'");
  await expect(config).toContainText("object: false");
});

test("through the egress proxy (HTTPS_PROXY), a real My Domain name connects over TLS and the proxy saw only CONNECT to it", async ({
  page,
}) => {
  const instance = `https://${E2E.proxiedHost}`;
  const { connectionId } = await customerWithCertificate(page);
  const { registerApp } = await import("./support/fake-salesforce");
  const clientId = await registerApp(FAKE.origin(), connectionId, "integration@acme.example", {
    acceptedAudiences: [instance],
    home: instance,
  });
  const { saveFields } = await import("./support/journeys");
  await saveFields(page, { clientId, instanceUrl: instance });
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected", { timeout: 45_000 });
  const run = await latestRun(connectionId);
  expect(run).toMatchObject({ outcome: "connected", token_host: instance, audience: instance });
  const [row] = await sql<{ org_instance_url: string }>(`SELECT org_instance_url FROM connections WHERE id = $1`, [
    connectionId,
  ]);
  expect(row!.org_instance_url).toBe(instance);
  const proxied = await fakeLog<{ target: string }>(FAKE.origin(), "proxy");
  expect(proxied.length).toBeGreaterThan(0);
  expect(new Set(proxied.map((p) => p.target))).toEqual(new Set([`${E2E.proxiedHost}:443`]));
  const tokens = (await fakeLog<TokenLog>(FAKE.origin(), "requests")).filter((r) => r.iss === clientId);
  expect(tokens.map((r) => r.host)).toEqual([E2E.proxiedHost]);
});

test("a .mil My Domain sends its assertion only to its own host (through the proxy), never to login or test", async ({
  page,
}) => {
  const instance = `https://${E2E.milHost}`;
  const { connectionId } = await customerWithCertificate(page);
  const { registerApp } = await import("./support/fake-salesforce");
  // The app accepts no audience the portal will try: every pair fails, so every pair the portal would try is seen.
  const clientId = await registerApp(FAKE.origin(), connectionId, "integration@acme.example", {
    acceptedAudiences: ["https://nowhere.example"],
    home: instance,
  });
  const { saveFields } = await import("./support/journeys");
  await saveFields(page, { clientId, instanceUrl: instance });
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText(/^Failed at step/, { timeout: 45_000 });
  const run = await latestRun(connectionId);
  expect(run.attempts.map((a) => a.tokenHost)).toEqual([instance, instance, instance]);
  const tokens = (await fakeLog<TokenLog>(FAKE.origin(), "requests")).filter((r) => r.iss === clientId);
  expect(tokens.map((r) => r.host)).toEqual([E2E.milHost, E2E.milHost, E2E.milHost]);
});
