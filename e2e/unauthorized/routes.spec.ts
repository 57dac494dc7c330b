import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext } from "@playwright/test";
import { createUser, sql, uniqueTenant, type TestUser } from "../support/db";
import { createConnection, fillCertificateForm, signIn } from "../support/portal";
import { ROUTE_TABLE, type Fixtures, type RouteExpectation } from "./route-table";
import { discoverRoutes, type DiscoveredRoute } from "./routes";

// Every page and route handler under app/, checked against the table's expectations with real ids of one
// tenant's objects, as: anonymous, another tenant's customer, a customer on staff routes, support on admin routes.

const routes = discoverRoutes(path.resolve(import.meta.dirname, "../../app"));

type Who = "anonymous" | "owner" | "outsider" | "support" | "admin";

let fx: Fixtures;
let markers: { connection: string; tenant: string; ownerEmail: string; adminEmail: string };
const contexts = new Map<Who, BrowserContext>();
const as = (who: Who): APIRequestContext => contexts.get(who)!.request;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const ownerTenant = uniqueTenant("Owner");
  const users: Record<Exclude<Who, "anonymous">, TestUser> = {
    owner: createUser("customer", ownerTenant),
    outsider: createUser("customer", uniqueTenant("Outsider")),
    support: createUser("support"),
    admin: createUser("admin"),
  };
  contexts.set("anonymous", await browser.newContext());
  for (const [who, user] of Object.entries(users) as [Exclude<Who, "anonymous">, TestUser][]) {
    const context = await browser.newContext();
    await signIn(await context.newPage(), user);
    contexts.set(who, context);
  }
  const page = contexts.get("owner")!.pages()[0]!;
  const connectionName = `Private org ${Date.now().toString(36)}`;
  const connectionId = await createConnection(page, connectionName);
  await fillCertificateForm(page);
  await page.getByRole("button", { name: "Generate certificate" }).click();
  await expect(page.getByLabel("Current certificate")).toBeVisible();
  const [row] = await sql<{ certificate_id: string; tenant_id: string }>(
    `SELECT c.id AS certificate_id, c.tenant_id FROM certificates c WHERE c.connection_id = $1`,
    [connectionId],
  );
  // A webhook of the tenant (disabled, and its secret never read: nothing is sent).
  const [webhook] = await sql<{ id: string }>(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, enabled, secret_sealed)
     VALUES (gen_random_uuid(), $1, 'https://hooks.owner.example/portal', ARRAY['connection.failed'], false, 'unused') RETURNING id`,
    [row!.tenant_id],
  );
  fx = { tenantId: row!.tenant_id, connectionId, certificateId: row!.certificate_id, webhookId: webhook!.id };
  markers = {
    connection: connectionName,
    tenant: ownerTenant,
    ownerEmail: users.owner.email,
    adminEmail: users.admin.email,
  };
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

test("every page and route handler under app/ has an authorization expectation", () => {
  const missing = routes.filter((r) => !ROUTE_TABLE[r.pattern]).map((r) => `${r.pattern} (${r.file})`);
  expect(missing, "Add these routes to e2e/unauthorized/route-table.ts with who may reach them").toEqual([]);
  // The walk itself works: it sees the routes this spec was first written against, with their methods.
  const byPattern = new Map(routes.map((r) => [r.pattern, r]));
  expect(byPattern.get("/connections/[id]")?.kind).toBe("page");
  expect(byPattern.get("/api/certificates/[id]/download")?.methods).toEqual(["GET"]);
  expect(byPattern.get("/support/staff")?.kind).toBe("page");
});

async function send(
  who: Who,
  route: DiscoveredRoute,
  method: string,
  expectation: RouteExpectation,
): Promise<APIResponse> {
  const url = expectation.url(fx);
  if (method === "GET") return as(who).get(url, { maxRedirects: 0 });
  return as(who).fetch(url, {
    method,
    data: expectation.body?.(fx) ?? {},
    headers: { "content-type": "application/json" },
    maxRedirects: 0,
  });
}

async function expectNoData(response: APIResponse, hidden: string[]) {
  const body = await response.text();
  for (const secret of hidden) expect(body, `response must not contain "${secret}"`).not.toContain(secret);
}

// The REST API answers a request without a bearer token with 401 and its JSON error shape, whoever's cookie it carries.
async function expectApiUnauthenticated(response: APIResponse, hidden: string[]) {
  expect(response.status()).toBe(401);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe("string");
  expect(typeof body.error?.message).toBe("string");
  await expectNoData(response, hidden);
}

async function expectSentToSignIn(route: DiscoveredRoute, response: APIResponse) {
  if (route.kind === "api") {
    expect(response.status()).toBe(401);
    return;
  }
  expect([303, 307, 308]).toContain(response.status());
  expect(new URL(response.headers().location ?? "", "http://x").pathname).toBe("/sign-in");
}

async function expectHidden(route: DiscoveredRoute, response: APIResponse, hidden: string[]) {
  if (route.kind === "page") expect(response.status()).toBe(404);
  else expect([403, 404]).toContain(response.status());
  await expectNoData(response, hidden);
}

for (const route of routes) {
  const expectation = ROUTE_TABLE[route.pattern];
  test(`${route.pattern} [${route.methods.join(", ")}] is ${expectation?.access ?? "missing from the table"}`, async () => {
    test.skip(!expectation, "no entry in route-table.ts (the first test fails for it)");
    const e = expectation!;
    const all = [markers.connection, markers.tenant, markers.ownerEmail];
    for (const method of route.methods) {
      if (e.access === "api-token") {
        for (const who of ["anonymous", "owner", "outsider", "support", "admin"] as const) {
          await test.step(`${method} as ${who} with cookies and no bearer token`, async () => {
            await expectApiUnauthenticated(await send(who, route, method, e), [...all, markers.adminEmail]);
          });
        }
        continue;
      }
      await test.step(`${method} as anonymous`, async () => {
        const response = await send("anonymous", route, method, e);
        if (e.access === "public") expect(response.status()).toBeLessThan(500);
        else {
          await expectSentToSignIn(route, response);
          await expectNoData(response, all);
        }
      });
      if (e.access === "customer") {
        await test.step(`${method} as another tenant's customer`, async () => {
          const response = await send("outsider", route, method, e);
          if (/\[/.test(route.pattern)) expect(response.status()).toBe(404);
          else expect(response.status()).toBeLessThan(500);
          await expectNoData(response, all);
        });
      }
      if (e.access === "staff" || e.access === "admin") {
        await test.step(`${method} as a customer (another tenant's, then the data's own)`, async () => {
          await expectHidden(route, await send("outsider", route, method, e), all);
          await expectHidden(route, await send("owner", route, method, e), [markers.connection, markers.adminEmail]);
        });
      }
      if (e.access === "admin") {
        await test.step(`${method} as support`, async () => {
          await expectHidden(route, await send("support", route, method, e), [markers.adminEmail]);
        });
      }
      if (e.positive && method === "GET") {
        const rightful: Who =
          e.access === "customer"
            ? "owner"
            : e.access === "admin"
              ? "admin"
              : e.access === "public"
                ? "anonymous"
                : "support";
        await test.step(`${method} as ${rightful} (the ids are real)`, async () => {
          expect((await send(rightful, route, method, e)).status()).toBe(200);
        });
      }
    }
  });
}
