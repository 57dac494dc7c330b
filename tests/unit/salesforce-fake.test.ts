import { spawn } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSalesforce, type FakeSalesforce } from "@/tests/fake-salesforce/server";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";
import { buildEcaBundle } from "@/lib/salesforce/eca-bundle";

const creds = generateTestCredentials();
const key = createPrivateKey(creds.privateKeyPem);
let fake: FakeSalesforce;

beforeAll(async () => {
  fake = await startFakeSalesforce();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const control = (path: string, body?: unknown) =>
  fetch(
    `${fake.origin}/__fake/${path}`,
    body === undefined
      ? {}
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  );

async function token(
  claims: { iss?: string; sub?: string; aud?: string; exp?: number },
  grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer",
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(claims.iss ?? "client-1")
    .setSubject(claims.sub ?? "user@acme.com")
    .setAudience(claims.aud ?? fake.origin)
    .setExpirationTime(claims.exp ?? now + 180)
    .sign(key);
  const res = await fetch(`${fake.origin}/services/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: grantType, assertion: jwt }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text.startsWith("{") ? JSON.parse(text) : { raw: text }) as Record<string, string>,
  };
}

describe("fake Salesforce", () => {
  it("is controlled over HTTP and logs token requests without assertions", async () => {
    expect(
      (
        await control("apps", {
          clientId: "client-1",
          certificatePem: creds.certificatePem,
          usernames: ["user@acme.com"],
          acceptedAudiences: [fake.origin],
        })
      ).status,
    ).toBe(201);
    const ok = await token({});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ instance_url: fake.origin, token_type: "Bearer" });
    expect(ok.body.id).toMatch(new RegExp(`^${fake.origin}/id/00D`));
    const log = (await (await control("requests")).json()) as Record<string, unknown>[];
    expect(log).toEqual([
      expect.objectContaining({ iss: "client-1", aud: fake.origin, sub: "user@acme.com", outcome: "ok" }),
    ]);
    expect(JSON.stringify(log)).not.toContain("eyJ");
    await control("fault", { fault: { kind: "5xx" }, where: "token" });
    expect((await token({})).status).toBe(503);
    await control("reset", {});
    expect((await token({})).body).toEqual({
      error: "invalid_client_id",
      error_description: "client identifier invalid",
    });
    expect((await control("apps", { clientId: "x" })).status).toBe(400);
  });

  it("answers like Salesforce for each bad claim", async () => {
    fake.addApp({
      clientId: "client-1",
      certificatePem: creds.certificatePem,
      usernames: ["user@acme.com"],
      acceptedAudiences: [fake.origin],
    });
    const now = Math.floor(Date.now() / 1000);
    expect((await token({ aud: "https://login.salesforce.com" })).body.error_description).toBe("audience is invalid");
    expect((await token({ exp: now - 10 })).body.error_description).toBe("expired authorization code");
    expect((await token({ exp: Date.now() + 180_000 })).body.error_description).toBe("expired authorization code");
    expect((await token({ sub: "nobody@acme.com" })).body.error_description).toBe("user hasn't approved this consumer");
    expect((await token({}, "password")).body.error).toBe("unsupported_grant_type");
  });

  it("answers 401 INVALID_SESSION_ID for a wrong token", async () => {
    const res = await fetch(`${fake.origin}/services/oauth2/userinfo`, { headers: { authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
  });

  it("runs from the CLI until SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fake-salesforce/cli.ts", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (m?.[1]) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`cli exited with ${code}`)));
    });
    expect((await fetch(`${origin}/services/data/`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("deploying the External Client App bundle", () => {
  const bundle = (over: { appName?: string; consumerKey?: string; setupAuditTrail?: boolean } = {}) =>
    buildEcaBundle({
      appName: over.appName ?? "Log_Collector",
      label: "Log_collector",
      contactEmail: "admin@acme.example",
      apiVersion: "62.0",
      myDomainUrl: fake.origin,
      certificatePem: creds.certificatePem,
      consumerKey: over.consumerKey ?? "K".repeat(48),
      ipRelaxation: "Enforce",
      setupAuditTrail: over.setupAuditTrail ?? false,
    });

  it("over HTTP: the deployed app's key signs in a user once the permission set is assigned", async () => {
    const deployed = await control("deploy-bundle", { zip: (await bundle()).toString("base64") });
    expect(deployed.status).toBe(200);
    expect(await deployed.json()).toMatchObject({ status: "Succeeded", consumerKey: "K".repeat(48) });
    const unassigned = await token({ iss: "K".repeat(48), sub: "int@acme.com" });
    expect(unassigned.body.error_description).toBe("user hasn't approved this consumer");
    expect(
      (await control("assign-permset", { name: "Log_Collector_Collector", username: "int@acme.com" })).status,
    ).toBe(200);
    expect((await token({ iss: "K".repeat(48), sub: "int@acme.com" })).status).toBe(200);
    // The login host's audience is accepted too, as a real org's app accepts it.
    expect(
      (await token({ iss: "K".repeat(48), sub: "int@acme.com", aud: "https://login.salesforce.com" })).status,
    ).toBe(200);
  });

  it("refuses another app's consumer key as Salesforce does, and a file that is no zip", async () => {
    await fake.deployBundle(await bundle());
    await expect(fake.deployBundle(Buffer.from("not a zip"))).rejects.toThrow(/not a zip/);
    const clash = await control("deploy-bundle", {
      zip: (await bundle({ appName: "Other_App" })).toString("base64"),
    });
    expect(clash.status).toBe(400);
    expect(await clash.json()).toEqual({ error: "Consumer key already exists. Use a different consumer key." });
  });
});
