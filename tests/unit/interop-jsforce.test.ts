import { importPKCS8, SignJWT } from "jose";
import { Connection } from "jsforce";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COLLECTOR_QUERIES } from "@/lib/salesforce/collector-data";
import { startFakeSalesforce, type FakeSalesforce } from "@/tests/fake-salesforce/server";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";

// jsforce is pinned to 3.10.16, the last release that supports Node 18/20 (later ones need Node 22 for undici 8).

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CLIENT_ID = "3MVG9-interop-client";
const USERNAME = "integration@acme.com";
const creds = generateTestCredentials();
const otherCreds = generateTestCredentials();

let fake: FakeSalesforce;
beforeAll(async () => {
  fake = await startFakeSalesforce();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.addApp({
    clientId: CLIENT_ID,
    certificatePem: creds.certificatePem,
    usernames: [USERNAME],
    acceptedAudiences: [fake.origin],
  });
});

// jsforce has no JWT signer (lib/util/jwt.ts only recognises JWT-shaped tokens), so the assertion is signed with jose (docs/salesforce.md §1).
async function assertion(privateKeyPem: string): Promise<string> {
  const key = await importPKCS8(privateKeyPem, "RS256");
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(CLIENT_ID)
    .setSubject(USERNAME)
    .setAudience(fake.origin)
    .setExpirationTime(Math.floor(Date.now() / 1000) + 180)
    .sign(key);
}

async function login(privateKeyPem = creds.privateKeyPem) {
  const conn = new Connection({ loginUrl: fake.origin, version: "62.0" });
  const userInfo = await conn.authorize({ grant_type: JWT_BEARER, assertion: await assertion(privateKeyPem) });
  return { conn, userInfo };
}

describe("jsforce 3 against the fake Salesforce", () => {
  it("logs in with the JWT bearer grant and keeps the token and instance URL the fake returned", async () => {
    const { conn, userInfo } = await login();
    expect(conn.accessToken).toMatch(/^00D\d{12}EAA![0-9a-f]{48}$/);
    expect(conn.instanceUrl).toBe(fake.origin);
    expect(userInfo).toEqual({
      id: "005000000000001AAA",
      organizationId: "00D000000000001EAA",
      url: `${fake.origin}/id/00D000000000001EAA/005000000000001AAA`,
    });
    expect(fake.requests()).toEqual([
      expect.objectContaining({
        host: new URL(fake.origin).host,
        iss: CLIENT_ID,
        sub: USERNAME,
        aud: fake.origin,
        outcome: "ok",
      }),
    ]);
  });

  it("runs the collector's EventLogFile summary query and reads AggregateResult records", async () => {
    const { conn } = await login();
    const result = await conn.query<{ EventType: string; Interval: string; n: number }>(
      COLLECTOR_QUERIES.eventLogFiles,
    );
    expect(result.done).toBe(true);
    expect(result.totalSize).toBe(13);
    expect(result.records).toContainEqual({
      attributes: { type: "AggregateResult" },
      EventType: "Login",
      Interval: "Hourly",
      n: 120,
    });
    expect(result.records).toContainEqual({
      attributes: { type: "AggregateResult" },
      EventType: "ApiTotalUsage",
      Interval: "Daily",
      n: 7,
    });
  });

  it("reads the identity URL, userinfo and limits like a real org's", async () => {
    const { conn } = await login();
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      id: `${fake.origin}/id/00D000000000001EAA/005000000000001AAA`,
      user_id: "005000000000001AAA",
      organization_id: "00D000000000001EAA",
      username: USERNAME,
      active: true,
    });
    expect(conn.userInfo).toEqual({ id: "005000000000001AAA", organizationId: "00D000000000001EAA", url: identity.id });
    const userinfo = await conn.request<{ preferred_username: string; organization_id: string }>(
      "/services/oauth2/userinfo",
    );
    expect(userinfo).toMatchObject({ preferred_username: USERNAME, organization_id: "00D000000000001EAA" });
    expect((await conn.limits()).DailyApiRequests).toEqual({ Max: 15000, Remaining: 14990 });
  });

  it("fails the login with the fake's invalid_grant when the key does not match the certificate", async () => {
    const failure = await login(otherCreds.privateKeyPem).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ name: "invalid_grant", message: "invalid assertion" });
    expect(fake.requests().map((r) => r.outcome)).toEqual(["invalid assertion"]);
  });
});
