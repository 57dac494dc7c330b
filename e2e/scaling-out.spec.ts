import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { startFakeSalesforce, type FakeSalesforce } from "../tests/fake-salesforce/server";
import { E2E } from "./support/config";
import { createUser, inOneWindow, uniqueTenant } from "./support/db";
import { saveFields, SF_USERNAME } from "./support/journeys";
import { createScratchDatabase, startPortalInstance, type PortalInstance } from "./support/portal-instances";
import { createConnection, fillCertificateForm, signIn } from "./support/portal";
import { PIN_HEADER, startRoundRobinProxy, type RoundRobinProxy } from "./support/round-robin-proxy";

// README "Run behind a load balancer": two instances (one with the job runner, one web only) on one PostgreSQL,
// behind a round-robin proxy. What one instance decides, the other must see.
test.describe.configure({ mode: "serial" });

// The lowest the portal accepts, so the limit is reached in a few requests.
const CERTIFICATES_PER_HOUR = 4;
// The certificate form's fields (ACME in support/portal.ts), as the JSON API names them.
const SUBJECT = {
  countryName: "US",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Acme Inc",
};
const port = (offset: number) => E2E.port + offset;

let database: { url: string; drop(): Promise<void> };
let fake: FakeSalesforce;
let instances: PortalInstance[] = [];
let proxy: RoundRobinProxy;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  database = await createScratchDatabase();
  // A fake of its own: its delay would slow other specs' tests on the suite's fakes.
  fake = await startFakeSalesforce({ port: port(813), extraPorts: [port(814), port(815)] });
  const [org, login, sandbox] = fake.origins as [string, string, string];
  const proxyPort = port(812);
  const shared = {
    DATABASE_URL: database.url,
    PORTAL_MASTER_KEY: randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: `http://127.0.0.1:${proxyPort}`,
    TRUSTED_PROXY_HOPS: "1",
    CERTIFICATES_PER_TENANT_PER_HOUR: String(CERTIFICATES_PER_HOUR),
    // Keys made on demand: two pools of 20 RSA keys would take the CPU the rest of the suite needs.
    KEY_POOL_SIZE: "0",
    SALESFORCE_EXTRA_ALLOWED_ORIGINS: [org, login, sandbox].join(","),
    SALESFORCE_TEST_LOGIN_ORIGINS: `login=${login},test=${sandbox}`,
    // Not the suite's data folder: nothing may be generated next to its embedded database.
    PORTAL_DATA_DIR: `${E2E.dataDir}-scale`,
  };
  // Started one after the other: both apply migrations at start, and the first one's are what the second finds.
  instances = [
    await startPortalInstance("A", port(810), { ...shared, PORTAL_ROLE: "all" }),
    await startPortalInstance("B", port(811), { ...shared, PORTAL_ROLE: "web" }),
  ];
  proxy = await startRoundRobinProxy(
    instances.map((i) => ({ name: i.name, url: i.url })),
    proxyPort,
  );
});

test.afterAll(async () => {
  await proxy?.close();
  await Promise.all(instances.map((i) => i.stop()));
  await fake?.close();
  await database?.drop();
});

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

// A browser context on the proxy; `pin` sends all of its requests to one instance, else they go round robin.
async function visitor(browser: Browser, pin?: "A" | "B"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: proxy.url,
    ...(pin ? { extraHTTPHeaders: { [PIN_HEADER]: pin } } : {}),
  });
  return { context, page: await context.newPage() };
}

// The instance that answered the latest request matching `method` and `path`.
function servedBy(method: string, path: RegExp): string | undefined {
  return proxy.served.findLast((s) => s.method === method && path.test(s.path))?.servedBy;
}

test("a session made on one instance is signed in on the other, and pages alternate between them", async ({
  browser,
}) => {
  const customer = createUser("customer", uniqueTenant("Session"), database.url);
  const { context, page } = await visitor(browser, "A");
  await signIn(page, customer);
  expect(servedBy("POST", /^\/(sign-in|api\/auth\/)/)).toBe("A");

  await context.setExtraHTTPHeaders({ [PIN_HEADER]: "B" });
  const response = await page.goto("/connections");
  expect(response?.headers()["x-served-by"]).toBe("B");
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Account" })).toContainText(customer.email);

  // Round robin, one request at a time (a page load's assets would make the documents' share uneven): consecutive
  // loads of the page alternate between the instances, and each is the signed-in page, not a redirect to sign-in.
  await context.setExtraHTTPHeaders({});
  const landed = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const answer = await page.request.get("/connections");
    landed.add(answer.headers()["x-served-by"]!);
    expect(new URL(answer.url()).pathname).toBe("/connections");
    expect(await answer.text()).toContain(customer.email);
  }
  expect([...landed].sort()).toEqual(["A", "B"]);
  await context.close();
});

test("the tenant's hourly certificate limit holds across both instances, not once per instance", async ({
  browser,
}) => {
  test.setTimeout(120_000); // the wait below, and six RSA key generations on a loaded machine
  await inOneWindow(3600, 45); // the limit is per clock hour: all of it in one
  const customer = createUser("customer", uniqueTenant("Limit"), database.url);
  const { context, page } = await visitor(browser, "A");
  await signIn(page, customer);
  const connectionId = await createConnection(page, "Production org");
  await context.setExtraHTTPHeaders({});

  // The certificate form's JSON twin, sent round robin: each answer says which instance gave it.
  const generate = async () => {
    const response = await page.request.post(`/api/connections/${connectionId}/certificates`, {
      data: { ...SUBJECT, keySize: 2048, requestToken: randomBytes(12).toString("hex") },
    });
    return { status: response.status(), by: response.headers()["x-served-by"], body: await response.text() };
  };
  const answers = [];
  for (let i = 0; i < CERTIFICATES_PER_HOUR + 2; i++) answers.push(await generate());
  const granted = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status === 429);
  expect(granted, JSON.stringify(answers)).toHaveLength(CERTIFICATES_PER_HOUR);
  expect(new Set(granted.map((a) => a.by))).toEqual(new Set(["A", "B"]));
  expect(new Set(refused.map((a) => a.by))).toEqual(new Set(["A", "B"]));
  for (const answer of refused)
    expect(answer.body).toContain(`this hour's ${CERTIFICATES_PER_HOUR} certificate generations`);
  const [stored] = await sql<{ count: string }>(`SELECT count(*) FROM certificates WHERE connection_id = $1`, [
    connectionId,
  ]);
  expect(Number(stored!.count)).toBe(CERTIFICATES_PER_HOUR);

  // What the customer reads on a new connection's page, whichever instance serves the form.
  for (const pin of ["A", "B"] as const) {
    await context.setExtraHTTPHeaders({ [PIN_HEADER]: pin });
    await createConnection(page, `Sandbox ${pin}`);
    await fillCertificateForm(page);
    await page.getByRole("button", { name: "Generate certificate" }).click();
    await expect(page.getByText(`this hour's ${CERTIFICATES_PER_HOUR} certificate generations`)).toBeVisible();
  }
  await context.close();
});

test("two Test connection clicks at once on one connection, on different instances, make one run", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const customer = createUser("customer", uniqueTenant("Race"), database.url);
  const onA = await visitor(browser, "A");
  await signIn(onA.page, customer);
  const connectionId = await createConnection(onA.page, "Production org");
  await fillCertificateForm(onA.page);
  await onA.page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(onA.page.getByLabel("Current certificate")).toBeVisible();
  const [certificate] = await sql<{ certificate_pem: string }>(
    `SELECT certificate_pem FROM certificates WHERE connection_id = $1`,
    [connectionId],
  );
  const clientId = `3MVG9${randomBytes(40).toString("hex")}`;
  fake.addApp({
    clientId,
    certificatePem: certificate!.certificate_pem,
    usernames: [SF_USERNAME],
    acceptedAudiences: [fake.origin],
    preAuthorized: true,
  });
  await saveFields(onA.page, { username: SF_USERNAME, clientId, instanceUrl: fake.origin });

  const onB = await visitor(browser, "B");
  await signIn(onB.page, customer);
  await onB.page.goto(`/connections/${connectionId}`);
  // Salesforce is slow, so the first test is still running when the second click arrives.
  fake.setFault({ kind: "delay", ms: 3_000 }, "token");
  try {
    await Promise.all([onA.page, onB.page].map((p) => p.getByRole("button", { name: "Test connection" }).click()));
    const pages = [onA.page, onB.page];
    const outcome = async (p: Page) => {
      const verdict = p.getByRole("region", { name: "Test result" }).first();
      const refusal = p.getByText("A test is already running for this connection. Wait for it to finish.");
      await expect(verdict.or(refusal)).toBeVisible({ timeout: 45_000 });
      return (await refusal.isVisible()) ? "refused" : "ran";
    };
    expect((await Promise.all(pages.map(outcome))).sort()).toEqual(["ran", "refused"]);
  } finally {
    fake.setFault(null);
  }
  const tests = proxy.served.filter((s) => s.method === "POST" && s.path === `/api/connections/${connectionId}/tests`);
  expect(tests.map((s) => s.servedBy).sort()).toEqual(["A", "B"]);
  const runs = await sql<{ outcome: string }>(`SELECT outcome FROM test_runs WHERE connection_id = $1`, [connectionId]);
  expect(runs).toEqual([{ outcome: "connected" }]);
  for (const p of [onA.page, onB.page]) {
    await p.reload();
    await expect(p.getByRole("list", { name: "Test history" }).getByRole("listitem")).toHaveCount(1);
  }
  await Promise.all([onA.context.close(), onB.context.close()]);
});

test("an invitation accepted on one instance is refused on the other", async ({ browser }) => {
  const staff = await visitor(browser);
  await signIn(staff.page, createUser("support", undefined, database.url));
  await staff.page.getByRole("navigation", { name: "Support console" }).getByRole("link", { name: "Tenants" }).click();
  const tenant = uniqueTenant("Invited");
  await staff.page.getByLabel("Tenant name").fill(tenant);
  await staff.page.getByRole("button", { name: "Create tenant" }).click();
  await expect(staff.page.getByRole("heading", { level: 1, name: tenant })).toBeVisible();
  const email = `invitee-${randomBytes(5).toString("hex")}@customer.example.test`;
  await staff.page.getByLabel("Customer email").fill(email);
  await staff.page.getByRole("button", { name: "Invite" }).click();
  const link = (await staff.page.getByTestId("invitation-link").textContent())!.trim();
  const path = new URL(link).pathname;
  await staff.context.close();

  // Both open the link while it is unused; A's form is sent first.
  const [onA, onB] = [await visitor(browser, "A"), await visitor(browser, "B")];
  for (const { page } of [onA, onB]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "Set up your account" })).toBeVisible();
    await page.getByLabel("Password", { exact: true }).fill("a brand new password");
    await page.getByLabel("Confirm password").fill("a brand new password");
  }
  await onA.page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(onA.page).toHaveURL(/\/connections$/);
  await expect(onA.page.getByRole("navigation", { name: "Account" })).toContainText(`${email} · ${tenant}`);

  await onB.page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(onB.page.getByRole("alert", { name: "Your account was not created" })).toContainText(
    "This invitation link has already been used",
  );
  await onB.page.goto(path);
  await expect(onB.page.getByRole("heading", { name: "This invitation link has already been used" })).toBeVisible();
  expect(servedBy("GET", new RegExp(`^${path}$`))).toBe("B");
  const users = await sql(`SELECT 1 FROM users WHERE email = $1`, [email]);
  expect(users).toHaveLength(1);
  await Promise.all([onA.context.close(), onB.context.close()]);
});
