import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createUser, sql } from "./support/db";
import { FAKE, fakeLog } from "./support/fake-salesforce";
import { customerWithCertificate, runTestAgainstFake, saveMyDomain, SF_USERNAME } from "./support/journeys";
import { signIn } from "./support/portal";

// "Set up Salesforce with the CLI": the portal writes the External Client App; the admin's `sf project deploy start`
// and `sf org assign permset` are played by the fake Salesforce's deploy and assign endpoints, fed the very zip the
// browser downloaded. The customer types no Client ID.

const verdict = (page: Page) => page.getByRole("region", { name: "Test result" }).first();

async function fake<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${FAKE.origin()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`fake ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function downloadBundle(page: Page): Promise<Buffer> {
  const started = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Salesforce bundle" }).click();
  const download = await started;
  expect(download.suggestedFilename()).toBe("Log_Collector-salesforce.zip");
  return readFile(await download.path());
}

async function clientIdOf(connectionId: string): Promise<string | null> {
  const [row] = await sql<{ client_id: string | null }>(`SELECT client_id FROM connections WHERE id = $1`, [
    connectionId,
  ]);
  return row!.client_id;
}

test("with the CLI: certificate, My Domain, the bundle deployed and its permission set assigned, the username, and Test connection connects", async ({
  page,
}) => {
  // 1. Generate the certificate (4 fields, 1 click).
  const { connectionId } = await customerWithCertificate(page);
  await expect(page.getByTestId("setup-progress")).toHaveText("Step 1 of 5: My Domain");
  // 2. Enter the instance URL (1 field, 1 click); the step folds to one line.
  await saveMyDomain(page, FAKE.origin());
  // The step folded under the customer's hands: focus is on its one line, which says what was saved.
  await expect(page.locator("#my-domain [data-testid=folded-step] > summary")).toBeFocused();
  await expect(page.locator("#my-domain [data-testid=folded-step] > summary")).toContainText(`Saved: ${FAKE.origin()}`);
  await expect(page.getByTestId("setup-progress")).toHaveText("Step 3 of 5: Salesforce setup");
  // The CLI path comes first; the manual checklist is below it.
  const cli = page.getByTestId("salesforce-cli");
  await expect(cli.getByRole("heading", { name: "Set up Salesforce with the CLI" })).toBeVisible();
  await expect(page.getByTestId("manual-setup").locator("summary")).toHaveText("Or do it by hand");
  await expect(cli.getByLabel("Contact email")).not.toHaveValue("");

  // 3. Download the bundle (the defaults, Setup Audit Trail included: 0 fields, 1 click).
  await expect(cli.getByLabel("Let the collector read the Setup Audit Trail")).toBeChecked();
  const zip = await downloadBundle(page);
  await expect(page.locator("#step-cli-download")).toContainText("Downloaded");
  const key = await clientIdOf(connectionId);
  expect(key).toMatch(/^[A-Za-z0-9]{48}$/);
  // The Client ID is already there, from the bundle; nothing to copy back.
  await expect(page.getByLabel("Client ID (Consumer Key)")).toHaveValue(key!);
  await expect(page.locator("#field-clientId-hint")).toContainText("Chosen by the portal");

  // 4. The admin's commands: deploy, then assign the permission set (3 commands with the login).
  await expect(page.locator("#step-cli-deploy")).toContainText(
    `sf org login web --instance-url ${FAKE.origin()} --alias portal-org`,
  );
  await expect(page.locator("#step-cli-deploy")).toContainText(
    "sf project deploy start --manifest manifest/package.xml --target-org portal-org",
  );
  const deployed = await fake<{ status: string; consumerKey: string; permissionSet: string }>("/__fake/deploy-bundle", {
    zip: zip.toString("base64"),
  });
  expect(deployed).toMatchObject({ status: "Succeeded", consumerKey: key, permissionSet: "Log_Collector_Collector" });
  await expect(page.locator("#step-cli-assign")).toContainText(
    'sf org assign permset --name Log_Collector_Collector --on-behalf-of "<integration username>"',
  );
  await fake("/__fake/assign-permset", { name: deployed.permissionSet, username: SF_USERNAME });

  // 5. Enter the username (1 field, 1 click).
  await page.getByLabel("Username", { exact: true }).fill(SF_USERNAME);
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.getByText("Saved. Now run Test connection.")).toBeVisible();
  // The assign command now names the user.
  await expect(page.locator("#step-cli-assign")).toContainText(`--on-behalf-of ${SF_USERNAME}`);

  // 6. Test connection (1 click): connected, signed with the portal's key.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected", { timeout: 45_000 });
  const tokens = (await fakeLog<{ iss?: string }>(FAKE.origin(), "requests")).filter((r) => r.iss === key);
  expect(tokens.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId("setup-progress")).toHaveText("All 5 steps done: Salesforce accepted this connection.");
});

test("Test connection right after the download, before Salesforce knows the app, says to wait a few minutes, not that the key is wrong", async ({
  page,
}) => {
  const { connectionId } = await customerWithCertificate(page);
  await saveMyDomain(page, FAKE.origin());
  await downloadBundle(page);
  await expect(page.getByLabel("Client ID (Consumer Key)")).toHaveValue((await clientIdOf(connectionId))!);
  await page.getByLabel("Username", { exact: true }).fill(SF_USERNAME);
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.getByText("Saved. Now run Test connection.")).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText(/^Failed at step/, { timeout: 45_000 });
  await expect(verdict(page)).toContainText("Salesforce has not applied the new app yet");
  await expect(verdict(page)).toContainText("Wait a few minutes");
  await expect(verdict(page)).not.toContainText("Salesforce does not know this Client ID");
});

test("a bad app name, label or contact email gets field errors with the rule, nothing downloads and nothing changes", async ({
  page,
}) => {
  const { connectionId } = await customerWithCertificate(page);
  await saveMyDomain(page, FAKE.origin());
  const cli = page.getByTestId("salesforce-cli");
  await cli.getByLabel("App name").fill("1 log collector");
  await cli.getByLabel("App label").fill("Log <collector>");
  await cli.getByLabel("Contact email").fill("admin@");
  let downloaded = false;
  page.on("download", () => (downloaded = true));
  await cli.getByRole("button", { name: "Download Salesforce bundle" }).click();
  await expect(cli.locator("#field-appName-error")).toContainText("starting with a letter");
  await expect(cli.locator("#field-label-error")).toContainText("starting with a letter");
  await expect(cli.locator("#field-contactEmail-error")).toContainText("valid contact email");
  await expect(cli.getByLabel("App name")).toHaveAttribute("aria-invalid", "true");
  expect(downloaded).toBe(false);
  expect(await clientIdOf(connectionId)).toBeNull();
  const [audit] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE action = 'salesforce_bundle.downloaded' AND target_id = $1`,
    [connectionId],
  );
  expect(audit!.n).toBe(0);
});

test("the bundle waits for the My Domain: before it is saved the download is not offered and says why", async ({
  page,
}) => {
  await customerWithCertificate(page);
  const cli = page.getByTestId("salesforce-cli");
  await expect(cli).toContainText("Save your My Domain in step 1 first");
  await expect(cli.getByRole("button", { name: "Download Salesforce bundle" })).toBeDisabled();
});

test("the bundle form works from the keyboard: Tab through its fields to the button, Enter downloads", async ({
  page,
}) => {
  await customerWithCertificate(page);
  await saveMyDomain(page, FAKE.origin());
  const cli = page.getByTestId("salesforce-cli");
  await cli.getByLabel("App name").focus();
  for (const label of ["App label", "Contact email", "IP relaxation", "Let the collector read the Setup Audit Trail"]) {
    await page.keyboard.press("Tab");
    await expect(cli.getByLabel(label)).toBeFocused();
  }
  await page.keyboard.press("Tab");
  await expect(cli.getByRole("button", { name: "Download Salesforce bundle" })).toBeFocused();
  const started = page.waitForEvent("download");
  await page.keyboard.press("Enter");
  expect((await started).suggestedFilename()).toBe("Log_Collector-salesforce.zip");
  await expect(page.locator("#step-cli-download")).toContainText("Downloaded");
});

// The page's next refresh (not a link prefetch) arrives `ms` late, as from a slow portal.
async function slowNextRefresh(page: Page, ms: number): Promise<void> {
  let pending = true;
  await page.route(/[?&]_rsc=/, async (route) => {
    if (pending && !route.request().headers()["next-router-prefetch"]) {
      pending = false;
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    await route.fallback();
  });
}

// Deploys the bundle the browser downloads, and assigns its permission set to `username` unless told not to. The
// username is saved before the download's refresh reaches the page, whose form still shows no Client ID: the save
// keeps the one the download chose.
async function deployedWithCli(page: Page, username: string, assign = true): Promise<string> {
  const { connectionId } = await customerWithCertificate(page);
  await saveMyDomain(page, FAKE.origin());
  await slowNextRefresh(page, 3_000);
  const deployed = await fake<{ permissionSet: string }>("/__fake/deploy-bundle", {
    zip: (await downloadBundle(page)).toString("base64"),
  });
  if (assign) await fake("/__fake/assign-permset", { name: deployed.permissionSet, username });
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.getByText("Saved. Now run Test connection.")).toBeVisible();
  expect(await clientIdOf(connectionId)).toHaveLength(48);
  await expect(page.getByLabel("Client ID (Consumer Key)")).toHaveValue((await clientIdOf(connectionId))!);
  await page.unrouteAll({ behavior: "wait" });
  return connectionId;
}

const someone = () => `cli-${randomBytes(4).toString("hex")}@acme.example`;

test("on the CLI path, a verdict's link goes to the CLI step that fixes it, not to the folded manual checklist", async ({
  page,
  browser,
}) => {
  const connectionId = await deployedWithCli(page, someone(), false);
  // A slow portal: the page's refresh after the test takes 2 s. The folded My Domain opens with it (the test failed).
  await slowNextRefresh(page, 2_000);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText(/^Failed at step/, { timeout: 45_000 });
  // The verdict came with the refreshed page, not before it: nothing above its link is still about to unfold and
  // move the page under the customer's hand (not retried: true the moment the verdict shows).
  expect(await page.locator("#my-domain [data-testid=folded-step]").count()).toBe(0);
  await expect(page.getByTestId("manual-setup")).not.toHaveAttribute("open");
  await verdict(page).getByRole("link", { name: "Go to the setup step that fixes this" }).click();
  await expect(page).toHaveURL(/#step-cli-assign$/);
  await expect(page.locator("#step-cli-assign")).toBeInViewport();
  await expect(page.locator("#step-cli-assign")).toContainText("sf org assign permset");
  // The customer ticks the deploy; support sees the CLI path's progress.
  await page
    .locator("#step-cli-deploy")
    .getByRole("button", { name: /Deploy it to your org.*Mark done/ })
    .click();
  await expect(page.locator("#step-cli-deploy").getByRole("button", { pressed: true })).toBeVisible();
  const staff = await browser.newPage();
  await signIn(staff, createUser("support"));
  await staff.goto(`/support/connections/${connectionId}`);
  await expect(staff.getByTestId("cli-progress")).toContainText("With the CLI: bundle of app Log_Collector downloaded");
  await expect(staff.getByTestId("cli-progress")).toContainText("deploy ticked, permission set assignment not ticked");
  await staff.close();
});

test("a new certificate on the CLI path asks for a new bundle; deployed again, it connects with the same Client ID", async ({
  page,
}) => {
  const username = someone();
  const connectionId = await deployedWithCli(page, username);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected", { timeout: 45_000 });
  const key = await clientIdOf(connectionId);

  await page.reload();
  await page.getByText("Setup details: certificate, Salesforce setup, fields").click();
  await page.getByRole("button", { name: "Replace certificate…" }).click();
  await page.getByRole("button", { name: "Continue to a new certificate" }).click();
  await page.getByRole("button", { name: "Generate certificate" }).click();
  // Not "all done": Salesforce holds the old certificate, and the old zip carries it.
  await expect(page.getByTestId("setup-progress")).toHaveText("Step 3 of 5: Salesforce setup");
  await expect(page.getByTestId("stale-bundle")).toContainText("carries an earlier certificate");

  const deployed = await fake<{ consumerKey: string }>("/__fake/deploy-bundle", {
    zip: (await downloadBundle(page)).toString("base64"),
  });
  expect(deployed.consumerKey).toBe(key);
  await expect(page.getByTestId("stale-bundle")).toHaveCount(0);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected", { timeout: 45_000 });
  expect(await clientIdOf(connectionId)).toBe(key);
});

test("a connection working with an app made by hand switches to the CLI path by clearing its Client ID", async ({
  page,
}) => {
  const connectionId = await runTestAgainstFake(page, FAKE.origin());
  await expect(verdict(page).getByTestId("test-outcome")).toHaveText("Connected");
  const handMade = await clientIdOf(connectionId);
  await page.reload();
  await page.getByText("Setup details: certificate, Salesforce setup, fields").click();
  await page.getByRole("button", { name: "Download Salesforce bundle" }).click();
  await expect(page.getByRole("alert", { name: "Nothing was downloaded" })).toContainText(
    "clear the Client ID (Consumer Key) in step 4 and save",
  );
  expect(await clientIdOf(connectionId)).toBe(handMade);

  await page.getByLabel("Client ID (Consumer Key)").fill("");
  await page.getByRole("button", { name: "Save connection fields" }).click();
  await expect(page.getByText("Saved, without a Client ID: download the Salesforce bundle in step 3")).toBeVisible();
  expect(await clientIdOf(connectionId)).toBeNull();
  await downloadBundle(page);
  const key = await clientIdOf(connectionId);
  expect(key).toMatch(/^[A-Za-z0-9]{48}$/);
  await expect(page.getByLabel("Client ID (Consumer Key)")).toHaveValue(key!);
});
