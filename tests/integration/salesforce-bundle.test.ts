import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { readZip } from "../fake-salesforce/deploy-bundle";
import type { TestStep } from "@/lib/salesforce/test-connection";
import { setupTestEnvironment } from "../support/env";
import {
  generateTestCertificate,
  makeConnection,
  makeCustomer,
  makeStaffUsers,
  TEST_USERNAME,
} from "../support/factories";

// "Set up Salesforce with the CLI": download the External Client App bundle through the real route, "deploy" it to
// the fake Salesforce, assign the permission set, and the real Test connection path signs in with the portal's key.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.61" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const bundleRoute = await import("@/app/api/connections/[id]/salesforce-bundle/route");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const { saveSalesforceFieldsAction } = await import("@/app/(portal)/connections/[id]/actions");
afterAll(() => fake.close());

type Customer = Awaited<ReturnType<typeof makeCustomer>>;
const FORM = { appName: "Log_Collector", label: "Log_collector", contactEmail: "admin@acme.example" };

async function as(userId: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}
function postBundle(connectionId: string, fields: Record<string, string> = FORM) {
  const request = new Request(`http://portal.test/api/connections/${connectionId}/salesforce-bundle`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", host: "portal.test" },
    body: new URLSearchParams(fields).toString(),
  });
  return bundleRoute.POST(request, { params: Promise.resolve({ id: connectionId }) });
}
const sessionUser = (c: Customer) => ({
  id: c.user.id,
  email: c.user.email,
  role: "customer" as const,
  tenantId: c.tenant.id,
  tenantName: c.tenant.name,
});
const file = (files: Map<string, string>, suffix: string) => [...files].find(([p]) => p.endsWith(suffix))![1];

describe("the Salesforce CLI bundle", () => {
  let owner: Customer;
  let outsider: Customer;
  beforeAll(async () => {
    owner = await makeCustomer(getDb());
    outsider = await makeCustomer(getDb());
  });

  it("refuses without a certificate or an Instance URL, saying what to do first", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await as(owner.user.id);
    const noCert = await postBundle(id);
    expect(noCert.status).toBe(409);
    expect(JSON.stringify(await noCert.json())).toMatch(/Generate the certificate first/);
    await generateTestCertificate(getDb(), owner.tenant.id, id);
    const noUrl = await postBundle(id);
    expect(noUrl.status).toBe(409);
    expect(JSON.stringify(await noUrl.json())).toMatch(/Enter and save the Instance URL/);
    const audits = await getDb().auditEvent.count({ where: { action: "salesforce_bundle.downloaded", targetId: id } });
    expect(audits).toBe(0);
  });

  it("refuses a bad form field by field, and another tenant's connection as not found", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await as(owner.user.id);
    const bad = await postBundle(id, { appName: "1 bad", label: "Log collector", contactEmail: "nope" });
    expect(bad.status).toBe(400);
    const body = JSON.stringify(await bad.json());
    expect(body).toMatch(/starting with a letter/);
    expect(body).toMatch(/The label \\"Log collector\\" is not a valid API name/);
    expect(body).toMatch(/Enter a valid contact email/);
    await as(outsider.user.id);
    expect((await postBundle(id)).status).toBe(404);
  });

  it("download, deploy, assign the permission set, Test connection: connected with the portal's consumer key", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    const { certificatePem } = await generateTestCertificate(getDb(), owner.tenant.id, id);
    await getDb().connection.update({
      where: { id },
      data: { instanceUrl: fake.origin, environment: "production", apiVersion: "59.0" },
    });
    await as(owner.user.id);
    const response = await postBundle(id, { ...FORM, setupAuditTrail: "on" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="Log_Collector-salesforce.zip"');
    const zip = Buffer.from(await response.arrayBuffer());
    const files = await readZip(zip);
    const { clientId } = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    expect(clientId).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(file(files, ".ecaGlblOauth-meta.xml")).toContain(`<consumerKey>${clientId}</consumerKey>`);
    expect(file(files, ".ecaGlblOauth-meta.xml")).toContain(certificatePem.trim().split("\n")[1]);
    expect(JSON.parse(file(files, "sfdx-project.json"))).toMatchObject({ sourceApiVersion: "60.0" });
    expect(file(files, "README.md")).toContain(`sf org login web --instance-url ${fake.origin}`);
    expect(zip.toString("latin1")).not.toMatch(/PRIVATE KEY/);
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { action: "salesforce_bundle.downloaded", targetId: id },
    });
    expect(audit).toMatchObject({ actorId: owner.user.id, tenantId: owner.tenant.id });
    expect(JSON.stringify(audit.details)).not.toContain(clientId!);

    expect(await fake.deployBundle(zip)).toMatchObject({
      status: "Succeeded",
      permissionSet: "Log_Collector_Collector",
    });
    await getDb().connection.update({ where: { id }, data: { username: TEST_USERNAME } });
    // Deployed but the user holds no permission set yet: Salesforce refuses the pre-authorised app's token.
    const before = await runTestForConnection({ user: sessionUser(owner), connectionId: id, ip: null });
    expect(before.outcome).toBe("failed");
    expect(JSON.stringify(before)).toMatch(/approved/);

    fake.assignPermset("Log_Collector_Collector", TEST_USERNAME);
    const after = await runTestForConnection({ user: sessionUser(owner), connectionId: id, ip: null });
    expect(after.outcome).toBe("connected");
    expect(fake.requests().at(-1)).toMatchObject({ iss: clientId, sub: TEST_USERNAME, outcome: "ok" });

    // Support can fetch the same bundle to help once the key exists; it is audited as a staff download.
    const { support } = await makeStaffUsers();
    await as(support.id);
    const bySupport = await readZip(Buffer.from(await (await postBundle(id)).arrayBuffer()));
    expect(file(bySupport, ".ecaGlblOauth-meta.xml")).toContain(`<consumerKey>${clientId}</consumerKey>`);
    await as(owner.user.id);

    // A second download keeps the stored key, so a redeploy updates the same app instead of making another.
    const again = await readZip(Buffer.from(await (await postBundle(id)).arrayBuffer()));
    expect(file(again, ".ecaGlblOauth-meta.xml")).toContain(`<consumerKey>${clientId}</consumerKey>`);
    await expect(fake.deployBundle(Buffer.from(zip))).resolves.toMatchObject({ status: "Succeeded" });
  });

  // A connection with a certificate, the fake's My Domain and the username, whose bundle the owner just downloaded
  // (and did not deploy).
  async function downloadedBundle(): Promise<string> {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await generateTestCertificate(getDb(), owner.tenant.id, id);
    await getDb().connection.update({
      where: { id },
      data: { instanceUrl: fake.origin, environment: "production", apiVersion: "59.0", username: TEST_USERNAME },
    });
    await as(owner.user.id);
    expect((await postBundle(id)).status).toBe(200);
    return id;
  }

  it("saving the fields from a page rendered before the download keeps the Client ID the download chose", async () => {
    const id = await downloadedBundle();
    const key = (await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } })).clientId;
    expect(key).toHaveLength(48);
    const save = (clientId: string, clientIdShown: string) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({
        connectionId: id,
        username: TEST_USERNAME,
        apiVersion: "59.0",
        clientId,
        clientIdShown,
      }))
        data.set(k, v);
      return saveSalesforceFieldsAction(null, data);
    };
    const savedKey = async () =>
      (await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } })).clientId;
    // The form still showed no Client ID (the download's refresh had not arrived) and sent it back empty.
    expect(await save("", "")).toMatchObject({ ok: true, message: "Nothing changed." });
    expect(await savedKey()).toBe(key);
    // Cleared on purpose (the form showed the key): that is the switch to a new app, and it is saved.
    expect(await save("", key!)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Saved, without a Client ID/),
    });
    expect(await savedKey()).toBeNull();
  });

  it("right after the download, an unknown bundle key reads as 'wait for Salesforce', and after 10 minutes as a wrong key", async () => {
    const id = await downloadedBundle();
    // Not deployed: the fake, like Salesforce before it applies the app, does not know the key.
    const stored = async (runId: string) => {
      const run = await getDb().testRun.findUniqueOrThrow({
        where: { id: runId },
        select: { errorCode: true, summary: true, steps: true },
      });
      const token = (run.steps as { name: string; diagnosis?: Record<string, unknown> }[]).find(
        (s) => s.name === "token",
      );
      return { errorCode: run.errorCode, summary: run.summary, diagnosis: token?.diagnosis };
    };

    // What the page shows while the test runs: every step as it finishes (the streamed response).
    const streamedToken = async () => {
      const steps: TestStep[] = [];
      const run = await runTestForConnection({
        user: sessionUser(owner),
        connectionId: id,
        ip: null,
        onStep: (step) => steps.push(step),
      });
      return { run, token: steps.filter((step) => step.name === "token" && step.status === "failed") };
    };

    const { run: soon, token: soonSteps } = await streamedToken();
    // Not "wrong key" first and "wait" at the end: the streamed step already says to wait.
    expect(soonSteps.length).toBeGreaterThan(0);
    for (const step of soonSteps) {
      expect(step.diagnosis?.code).toBe("app_not_propagated");
      expect(step.message).toMatch(/^Salesforce has not applied the new app yet\. Wait a few minutes/);
    }
    expect(soon.outcome).toBe("failed");
    expect(soon.diagnosis).toMatchObject({ code: "app_not_propagated", fixableBy: "customer" });
    const waited = await stored(soon.id);
    expect(waited.errorCode).toBe("app_not_propagated");
    expect(waited.diagnosis).toMatchObject({
      code: "app_not_propagated",
      title: "Salesforce has not applied the new app yet",
      salesforceError: "invalid_client_id",
    });
    expect(waited.diagnosis?.cause).toMatch(/^You downloaded the Salesforce bundle (less than a minute|1 minute) ago;/);
    expect(waited.diagnosis?.fix).toMatch(/^Wait a few minutes and run Test connection again/);
    expect(waited.summary).toMatch(/Salesforce has not applied the new app yet/);

    // The same key 11 minutes after the download: Salesforce has had its time, so the key is what is wrong.
    await getDb().auditEvent.updateMany({
      where: { action: "salesforce_bundle.downloaded", targetId: id },
      data: { createdAt: new Date(Date.now() - 11 * 60_000) },
    });
    const { run: late, token: lateSteps } = await streamedToken();
    expect(lateSteps.map((step) => step.diagnosis?.code)).toContain("invalid_client_id");
    expect(lateSteps.map((step) => step.diagnosis?.code)).not.toContain("app_not_propagated");
    expect(late.outcome).toBe("failed");
    const plain = await stored(late.id);
    expect(plain.errorCode).toBe("invalid_client_id");
    expect(plain.diagnosis).toMatchObject({
      code: "invalid_client_id",
      title: "Salesforce does not know this Client ID",
    });
    expect(plain.summary).not.toMatch(/not applied the new app/);
  });

  it("a Client ID typed by hand gets the plain verdict even right after a download attempt", async () => {
    const id = await downloadedBundle();
    // The customer then switched to an app made by hand: its key is Salesforce's, not the bundle's.
    await getDb().connection.update({ where: { id }, data: { clientId: `3MVG9${"y".repeat(80)}` } });
    const run = await runTestForConnection({ user: sessionUser(owner), connectionId: id, ip: null });
    expect(run.outcome).toBe("failed");
    expect(run.errorCode).toBe("invalid_client_id");
    expect(run.diagnosis).toMatchObject({ code: "invalid_client_id" });
  });

  it("support cannot choose a connection's first Client ID: the customer downloads once", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await generateTestCertificate(getDb(), owner.tenant.id, id);
    await getDb().connection.update({ where: { id }, data: { instanceUrl: fake.origin } });
    const { support } = await makeStaffUsers();
    await as(support.id);
    const response = await postBundle(id);
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).toMatch(/Ask the customer to download the bundle once/);
    const { clientId } = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    expect(clientId).toBeNull();
  });

  it("keeps a working Client ID from an app made by hand instead of silently replacing it", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await generateTestCertificate(getDb(), owner.tenant.id, id);
    const manual = `3MVG9${"x".repeat(80)}`;
    await getDb().connection.update({
      where: { id },
      data: { instanceUrl: fake.origin, clientId: manual, status: "connected" },
    });
    await as(owner.user.id);
    const response = await postBundle(id);
    expect(response.status).toBe(409);
    expect(JSON.stringify(await response.json())).toMatch(/clear the Client ID \(Consumer Key\) in step 4 and save/);
    const { clientId } = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    expect(clientId).toBe(manual);
  });

  it("two first downloads at once never hand out a zip whose key the connection does not hold", async () => {
    const { id } = await makeConnection(getDb(), owner.tenant.id);
    await generateTestCertificate(getDb(), owner.tenant.id, id);
    await getDb().connection.update({ where: { id }, data: { instanceUrl: fake.origin, environment: "production" } });
    await as(owner.user.id);
    const responses = await Promise.all(Array.from({ length: 4 }, () => postBundle(id)));
    const { clientId } = await getDb().connection.findUniqueOrThrow({ where: { id }, select: { clientId: true } });
    const served = responses.filter((r) => r.status === 200);
    expect(served.length).toBeGreaterThan(0);
    for (const response of served) {
      const files = await readZip(Buffer.from(await response.arrayBuffer()));
      expect(file(files, ".ecaGlblOauth-meta.xml")).toContain(`<consumerKey>${clientId}</consumerKey>`);
    }
    // A refused one says what to do.
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(response.status).toBe(409);
      expect(JSON.stringify(await response.json())).toMatch(/Download the bundle again/);
    }
  });
});
