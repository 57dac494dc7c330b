import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// Issue #10: webhook URLs follow the Salesforce SSRF rules (without the Salesforce host list), plus the operator's
// allowlist. Refused when saved, with a field error and nothing written; and refused again at delivery when a name
// that was public when saved now resolves to a private address (DNS rebinding), before any byte is sent.
process.env.PORTAL_WEBHOOK_ALLOWED_HOSTS = "hooks.example.com,.allowed.example";
delete process.env.PORTAL_WEBHOOK_ALLOW_PRIVATE;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { createWebhookEndpoint } = await import("@/lib/webhooks/endpoints");
const { deliverPending } = await import("@/lib/webhooks/deliver");
const { isAppError } = await import("@/lib/errors");

afterAll(() => {
  delete process.env.PORTAL_WEBHOOK_ALLOWED_HOSTS;
});

const admin = { id: null, email: "admin@portal.test" };
const resolveTo =
  (...addresses: string[]) =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const noSuchHost = async () => {
  throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
};

async function refusal(url: string, resolve = resolveTo("93.184.216.34")): Promise<string> {
  const owner = await makeCustomer(getDb());
  const before = await getDb().webhookEndpoint.count();
  try {
    await createWebhookEndpoint(getDb(), {
      tenantId: owner.tenant.id,
      url,
      description: "",
      eventTypes: ["connection.failed"],
      actor: admin,
      ip: null,
      resolve,
    });
  } catch (error) {
    expect(await getDb().webhookEndpoint.count()).toBe(before); // nothing written
    if (isAppError(error) && error.fieldErrors?.url) return error.fieldErrors.url;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe("webhook URLs", () => {
  it.each([
    ["http://hooks.example.com/portal", /https:\/\//],
    ["https://user:pw@hooks.example.com/portal", /user name and password/],
    ["https://127.0.0.1/portal", /not an IP address/],
    ["https://[::1]/portal", /not an IP address/],
    ["https://2130706433/portal", /not an IP address/], // 127.0.0.1 in decimal
    ["https://hooks.example.com/portal#x", /fragment/],
    ["ftp://hooks.example.com/", /https:\/\//],
    ["not a url", /full URL/],
    ["https://evil.example.net/portal", /only to hooks\.example\.com, \.allowed\.example/],
    ["https://allowed.example/portal", /only to/], // the suffix entry covers subdomains, not the bare name
  ])("refuses %s with a field error and writes nothing", async (url, message) => {
    expect(await refusal(url)).toMatch(message);
  });

  it.each([
    ["169.254.169.254", /private or reserved address \(169\.254\.169\.254\)/],
    ["10.0.0.7", /private or reserved/],
    ["::1", /private or reserved/],
    ["::ffff:127.0.0.1", /private or reserved/],
  ])("refuses a host name that resolves to %s", async (address, message) => {
    expect(await refusal("https://hooks.example.com/portal", resolveTo("93.184.216.34", address))).toMatch(message);
  });

  it("refuses a host name that does not resolve", async () => {
    expect(await refusal("https://hooks.example.com/portal", noSuchHost)).toMatch(/does not resolve/);
  });

  it("accepts a public host on the allowlist, and refuses it at delivery once it resolves to a private address", async () => {
    const hits: string[] = [];
    const local = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("ok");
    });
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    const { port } = local.address() as { port: number };
    const owner = await makeCustomer(getDb());
    const { id: endpointId, secret } = await createWebhookEndpoint(getDb(), {
      tenantId: owner.tenant.id,
      url: `https://rebind.allowed.example:${port}/portal`,
      description: "",
      eventTypes: ["connection.failed"],
      actor: admin,
      ip: null,
      resolve: resolveTo("93.184.216.34"),
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await getDb().webhookDelivery.create({ data: { endpointId, eventType: "webhook.test", body: "{}" } });
    // The name now points at the portal's own machine: refused inside the connect, nothing reaches the listener.
    const result = await deliverPending(getDb(), endpointId, { resolve: resolveTo("127.0.0.1") });
    expect(result).toMatchObject({ delivered: 0, failedAttempts: 1 });
    const [delivery] = await getDb().webhookDelivery.findMany({ where: { endpointId }, include: { attemptLog: true } });
    expect(delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: null });
    expect(delivery!.lastError).toMatch(/private or reserved address \(127\.0\.0\.1\)/);
    expect(delivery!.attemptLog[0]).toMatchObject({ status: null });
    expect(hits).toEqual([]);
    await getDb().webhookEndpoint.delete({ where: { id: endpointId } });
    await new Promise<void>((resolve) => local.close(() => resolve()));
  });
});
