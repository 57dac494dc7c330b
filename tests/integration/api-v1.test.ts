import { execFileSync } from "node:child_process";
import { createPublicKey, randomUUID, X509Certificate } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer, makeReadyConnection, TEST_USERNAME } from "../support/factories";
import { inOneWindow } from "../support/rate-windows";

// The REST API v1 route handlers, called as Next calls them, on the real database and the fake Salesforce.
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { createApiToken, revokeApiToken } = await import("@/lib/api/tokens");
const { REQUESTS_PER_MINUTE, MAX_BODY_BYTES } = await import("@/lib/api/handler");
const list = await import("@/app/api/v1/connections/route");
const one = await import("@/app/api/v1/connections/[id]/route");
const privateKey = await import("@/app/api/v1/connections/[id]/private-key/route");
const tests = await import("@/app/api/v1/connections/[id]/tests/route");
const accessToken = await import("@/app/api/v1/connections/[id]/access-token/route");
const openapi = await import("@/app/api/v1/openapi.json/route");
const keystores = await import("@/app/api/v1/connections/[id]/keystores/route");
const collectorConfig = await import("@/app/api/v1/connections/[id]/collector-config/route");
const { parse: parseYaml } = await import("yaml");
const { Connection } = await import("jsforce");
const { importPKCS8, SignJWT } = await import("jose");

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const call = (
  handler: Handler,
  path: string,
  init: { token?: string; method?: string; body?: string; headers?: Record<string, string>; id?: string } = {},
) =>
  handler(
    new Request(`http://portal.test/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: {
        "x-forwarded-for": "198.51.100.7",
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    }),
    { params: Promise.resolve<Record<string, string>>(init.id ? { id: init.id } : {}) },
  );
const post = (handler: Handler, path: string, id: string, token: string, body = "{}") =>
  call(handler, path, { token, id, method: "POST", body, headers: { "content-type": "application/json" } });

const token = async (tenantId: string | null, scopes: string[], extra: { expiresDays?: number } = {}) =>
  (
    await createApiToken(
      getDb(),
      {
        name: `collector ${randomUUID().slice(0, 6)}`,
        scopes: scopes as never,
        tenantId,
        expiresDays: extra.expiresDays ?? null,
      },
      null,
      null,
    )
  ).token;

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

afterAll(() => fake.close());

describe("REST API v1", () => {
  let owner: Customer;
  let outsider: Customer;
  let conn: Awaited<ReturnType<typeof makeReadyConnection>>;
  let all: string;
  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    outsider = await makeCustomer(getDb());
    conn = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    all = await token(owner.tenant.id, ["connections:read", "keys:read", "tests:run", "tokens:issue"]);
  });

  it("stores only the token's hash and a hint, never the token", async () => {
    const rows = await getDb().apiToken.findMany({ select: { tokenHash: true, tokenHint: true } });
    expect(JSON.stringify(rows)).not.toContain(all);
    expect(all).toMatch(/^sfp_[A-Za-z0-9_-]{43}$/);
    expect(rows.some((r) => r.tokenHint === all.slice(-4))).toBe(true);
  });

  it("answers 401 JSON for a missing, unknown, revoked or expired token, 403 for a missing scope", async () => {
    const expectError = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code,
        message: expect.any(String),
      });
    };
    await expectError(await call(list.GET, "/connections"), 401, "unauthenticated");
    await expectError(await call(list.GET, "/connections", { token: "sfp_nottherealone" }), 401, "unauthenticated");
    const revoked = await createApiToken(
      getDb(),
      { name: "old", scopes: ["connections:read"], tenantId: owner.tenant.id, expiresDays: null },
      null,
      null,
    );
    await revokeApiToken(
      getDb(),
      revoked.id,
      { id: randomUUID(), email: "admin@portal.test", role: "admin", tenantId: null },
      null,
    );
    await expectError(await call(list.GET, "/connections", { token: revoked.token }), 401, "unauthenticated");
    const expired = await createApiToken(
      getDb(),
      { name: "short", scopes: ["connections:read"], tenantId: owner.tenant.id, expiresDays: 1 },
      null,
      null,
    );
    await getDb().apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectError(await call(list.GET, "/connections", { token: expired.token }), 401, "unauthenticated");
    const readOnly = await token(owner.tenant.id, ["connections:read"]);
    await expectError(
      await call(privateKey.GET, `/connections/${conn.id}/private-key`, { token: readOnly, id: conn.id }),
      403,
      "insufficient_scope",
    );
  });

  it("lists only the token's tenant, pages with a cursor, and filters by status and updatedSince", async () => {
    const extra = await Promise.all([1, 2, 3].map(() => makeConnection(getDb(), owner.tenant.id)));
    await makeConnection(getDb(), outsider.tenant.id, "Outsider's org");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call(list.GET, `/connections?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: all });
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        items: { id: string; tenant: { id: string }; name: string }[];
        nextCursor: string | null;
      };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) expect(item.tenant.id).toBe(owner.tenant.id);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen)).toEqual(new Set([conn.id, ...extra.map((c) => c.id)]));
    const never = (await (await call(list.GET, "/connections?status=never_tested", { token: all })).json()) as {
      items: unknown[];
    };
    expect(never.items).toHaveLength(4);
    const future = (await (
      await call(list.GET, `/connections?updatedSince=${new Date(Date.now() + 60_000).toISOString()}`, { token: all })
    ).json()) as { items: unknown[] };
    expect(future.items).toHaveLength(0);
    const bad = await call(list.GET, "/connections?status=great&limit=1000&extra=1", { token: all });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({
      status: expect.any(String),
      limit: expect.any(String),
    });
  });

  it("answers 404 for another tenant's connection and for a malformed id", async () => {
    const outsiderToken = await token(outsider.tenant.id, ["connections:read", "keys:read", "tokens:issue"]);
    for (const [handler, path] of [
      [one.GET, ""],
      [privateKey.GET, "/private-key"],
    ] as const) {
      expect(
        (await call(handler, `/connections/${conn.id}${path}`, { token: outsiderToken, id: conn.id })).status,
      ).toBe(404);
      expect((await call(handler, `/connections/not-a-uuid${path}`, { token: all, id: "not-a-uuid" })).status).toBe(
        404,
      );
    }
    expect((await post(accessToken.POST, `/connections/${conn.id}/access-token`, conn.id, outsiderToken)).status).toBe(
      404,
    );
  });

  it("hands over the private key as PKCS#8 PEM matching server.crt, with an ETag, and audits it without key material", async () => {
    const res = await call(privateKey.GET, `/connections/${conn.id}/private-key`, { token: all, id: conn.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-pem-file");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("etag")).toBe(`"${conn.certificateId}"`);
    const pem = await res.text();
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const fromKey = createPublicKey(pem).export({ type: "spki", format: "der" });
    const fromCert = new X509Certificate(conn.certificatePem).publicKey.export({ type: "spki", format: "der" });
    expect(Buffer.compare(fromKey, fromCert)).toBe(0);
    const unchanged = await call(privateKey.GET, `/connections/${conn.id}/private-key`, {
      token: all,
      id: conn.id,
      headers: { "if-none-match": `"${conn.certificateId}"` },
    });
    expect(unchanged.status).toBe(304);
    const audits = await getDb().auditEvent.findMany({ where: { action: "key.exported", targetId: conn.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ ip: "198.51.100.7", actorEmail: expect.stringMatching(/^api-token:collector /) });
    const body = pem.split("\n").slice(1, 3).join("");
    expect(JSON.stringify(audits, bigints)).not.toContain(body);
  });

  it("builds keystores the real tools open: PKCS#12 (openssl, with the password) and JKS (keytool), never alias 1", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "api-keystores-"));
    const p12 = await post(
      keystores.POST,
      `/connections/${conn.id}/keystores`,
      conn.id,
      all,
      JSON.stringify({ format: "pkcs12", password: "s3cret-pass", alias: "jwt_key" }),
    );
    expect(p12.status).toBe(200);
    expect(p12.headers.get("content-disposition")).toContain("keystore.p12");
    writeFileSync(path.join(dir, "keystore.p12"), Buffer.from(await p12.arrayBuffer()));
    const info = execFileSync(
      "openssl",
      ["pkcs12", "-info", "-nokeys", "-in", path.join(dir, "keystore.p12"), "-passin", "pass:s3cret-pass"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    expect(info).toContain("friendlyName: jwt_key");
    const p12Listing = execFileSync(
      "keytool",
      ["-list", "-keystore", path.join(dir, "keystore.p12"), "-storetype", "PKCS12", "-storepass", "s3cret-pass"],
      { encoding: "utf8" },
    );
    expect(p12Listing).toMatch(/^jwt_key, .*PrivateKeyEntry/m);
    expect(p12Listing).not.toMatch(/^1, /m);
    const jks = await post(
      keystores.POST,
      `/connections/${conn.id}/keystores`,
      conn.id,
      all,
      JSON.stringify({ format: "jks", password: "s3cret-pass", alias: "jwt_key" }),
    );
    expect(jks.status).toBe(200);
    writeFileSync(path.join(dir, "servercert.jks"), Buffer.from(await jks.arrayBuffer()));
    const listing = execFileSync(
      "keytool",
      ["-list", "-v", "-keystore", path.join(dir, "servercert.jks"), "-storetype", "JKS", "-storepass", "s3cret-pass"],
      { encoding: "utf8" },
    );
    expect(listing).toMatch(/Alias name: jwt_key/);
    expect(listing).toMatch(/Entry type: PrivateKeyEntry/);
    for (const bad of [
      { format: "pkcs12", password: "short", alias: "jwt_key" },
      { format: "jks", password: "s3cret-pass", alias: "1" },
      { format: "zip", password: "s3cret-pass", alias: "a" },
    ]) {
      const res = await post(keystores.POST, `/connections/${conn.id}/keystores`, conn.id, all, JSON.stringify(bad));
      expect(res.status).toBe(400);
    }
    const exports = await getDb().auditEvent.findMany({
      where: { action: "key.exported", targetId: conn.id },
      select: { details: true },
    });
    expect(exports.map((e) => (e.details as { format: string }).format)).toEqual(
      expect.arrayContaining(["pkcs12", "jks"]),
    );
    expect(JSON.stringify(exports)).not.toContain("s3cret-pass");
  });

  it("runs Test connection, then vends an access token for the saved pair (and refuses before a test)", async () => {
    const before = await post(accessToken.POST, `/connections/${conn.id}/access-token`, conn.id, all);
    expect(before.status).toBe(409);
    const run = await post(tests.POST, `/connections/${conn.id}/tests`, conn.id, all);
    expect(run.status).toBe(201);
    expect(await run.json()).toMatchObject({ outcome: "connected", ranByEmail: expect.stringMatching(/^api-token:/) });
    const vended = await post(accessToken.POST, `/connections/${conn.id}/access-token`, conn.id, all);
    expect(vended.status).toBe(200);
    const grant = (await vended.json()) as {
      accessToken: string;
      instanceUrl: string;
      tokenHost: string;
      audience: string;
    };
    expect(grant).toMatchObject({ instanceUrl: fake.origin, tokenHost: fake.origin, audience: fake.origin });
    expect(grant.accessToken).toMatch(/^00D/);
    // The vended token works against Salesforce's REST API.
    const me = await fetch(`${fake.origin}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
    expect(((await me.json()) as { preferred_username: string }).preferred_username).toBe(TEST_USERNAME);
    const audit = await getDb().auditEvent.findFirst({ where: { action: "access_token.issued", targetId: conn.id } });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit, bigints)).not.toContain(grant.accessToken);
  });

  it("serves the collector configuration for the tested connection, with the key path asked for", async () => {
    const res = await call(
      collectorConfig.GET,
      `/connections/${conn.id}/collector-config?format=filebeat&keyPath=/opt/collector/server.pem`,
      { token: all, id: conn.id },
    );
    expect(res.status).toBe(200);
    const yml = parseYaml(await res.text()) as { "filebeat.inputs": Record<string, unknown>[] };
    const input = yml["filebeat.inputs"][0] as {
      type: string;
      url: string;
      auth: { oauth2: { jwt_bearer_flow: Record<string, unknown> } };
    };
    expect(input).toMatchObject({ type: "salesforce", url: fake.origin });
    expect(JSON.stringify(input)).toContain("/opt/collector/server.pem");
    const agent = await call(collectorConfig.GET, `/connections/${conn.id}/collector-config?format=elastic-agent`, {
      token: all,
      id: conn.id,
    });
    expect(parseYaml(await agent.text())).toMatchObject({
      vars: { instance_url: fake.origin, client_key_path: "/etc/filebeat/salesforce/server.pem" },
    });
    const bad = await call(
      collectorConfig.GET,
      `/connections/${conn.id}/collector-config?format=xml&keyPath=relative/path`,
      { token: all, id: conn.id },
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({
      format: expect.any(String),
      keyPath: expect.any(String),
    });
  });

  it("the key the API hands over logs in with jsforce, and openssl agrees it belongs to server.crt", async () => {
    const res = await call(privateKey.GET, `/connections/${conn.id}/private-key`, { token: all, id: conn.id });
    const pem = await res.text();
    const dir = mkdtempSync(path.join(os.tmpdir(), "api-interop-"));
    writeFileSync(path.join(dir, "server.pem"), pem, { mode: 0o600 });
    writeFileSync(path.join(dir, "server.crt"), conn.certificatePem);
    const fromKey = execFileSync("openssl", ["pkey", "-in", path.join(dir, "server.pem"), "-pubout"], {
      encoding: "utf8",
    });
    const fromCert = execFileSync("openssl", ["x509", "-in", path.join(dir, "server.crt"), "-pubkey", "-noout"], {
      encoding: "utf8",
    });
    expect(fromKey).toBe(fromCert);
    const detail = (await (await call(one.GET, `/connections/${conn.id}`, { token: all, id: conn.id })).json()) as {
      clientId: string;
      username: string;
      audience: string;
      tokenHost: string;
    };
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(detail.clientId)
      .setSubject(detail.username)
      .setAudience(detail.audience)
      .setExpirationTime(now + 180)
      .sign(await importPKCS8(pem, "RS256"));
    const jsforce = new Connection({ loginUrl: detail.tokenHost });
    await jsforce.authorize({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion });
    expect(jsforce.instanceUrl).toBe(fake.origin);
    const identity = await jsforce.identity();
    expect(identity.username).toBe(TEST_USERNAME);
  });

  it("refuses bad bodies with 4xx JSON and changes nothing", async () => {
    const runsBefore = await getDb().testRun.count({ where: { connectionId: conn.id } });
    const path = `/connections/${conn.id}/tests`;
    const send = (body: string, type = "application/json") =>
      call(tests.POST, path, { token: all, id: conn.id, method: "POST", body, headers: { "content-type": type } });
    expect((await send("{}", "text/plain")).status).toBe(415);
    expect((await send("{not json")).status).toBe(400);
    expect((await send(JSON.stringify({ surprise: true }))).status).toBe(400);
    expect((await send(JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) }))).status).toBe(413);
    expect(await getDb().testRun.count({ where: { connectionId: conn.id } })).toBe(runsBefore);
  });

  it("rate-limits a token in PostgreSQL and says when to retry", async () => {
    await inOneWindow(60, 10);
    const limited = await createApiToken(
      getDb(),
      { name: "busy", scopes: ["connections:read"], tenantId: owner.tenant.id, expiresDays: null },
      null,
      null,
    );
    await getDb()
      .$executeRaw`INSERT INTO rate_limits (key, window_start, count) VALUES (${`api:${limited.id}`}, to_timestamp(floor(extract(epoch FROM now()) / 60) * 60), ${REQUESTS_PER_MINUTE})`;
    const res = await call(list.GET, "/connections", { token: limited.token });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("lets customers create tokens only for their own tenant, and only when key export is allowed", async () => {
    const customer = {
      id: owner.user.id,
      email: owner.user.email,
      role: "customer" as const,
      tenantId: owner.tenant.id,
    };
    const input = { name: "mine", scopes: ["connections:read" as const], tenantId: owner.tenant.id, expiresDays: null };
    await expect(createApiToken(getDb(), input, customer, null)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await getDb().tenant.update({ where: { id: owner.tenant.id }, data: { keyExportAllowed: true } });
    await expect(createApiToken(getDb(), input, customer, null)).resolves.toMatchObject({ tenantId: owner.tenant.id });
    await expect(
      createApiToken(getDb(), { ...input, tenantId: outsider.tenant.id }, customer, null),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createApiToken(getDb(), { ...input, tenantId: null }, customer, null)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const audit = await getDb().auditEvent.findFirst({
      where: { action: "api_token.created", actorId: owner.user.id },
    });
    expect(audit).not.toBeNull();
  });

  it("publishes an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const doc = (await openapi.GET().json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { Connection: { properties: Record<string, unknown> } } };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/connections",
        "/connections/{id}",
        "/connections/{id}/private-key",
        "/connections/{id}/tests",
        "/connections/{id}/access-token",
      ]),
    );
    expect(Object.keys(doc.components.schemas.Connection.properties)).toEqual(
      expect.arrayContaining(["orgInstanceUrl", "tokenHost", "audience", "lastTest", "certificate"]),
    );
  });
});
