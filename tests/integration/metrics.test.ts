import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeSalesforce } from "../fake-salesforce/server";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeReadyConnection } from "../support/factories";

// /api/metrics (issue #11): Prometheus text behind PORTAL_METRICS_TOKEN, with what an operator alerts on: Test
// connection outcomes by error code, generation durations, connections by status, certificates expiring, refusals.
const token = randomBytes(32).toString("base64url");
process.env.PORTAL_METRICS_TOKEN = token;
const fake = await startFakeSalesforce({ port: 0 });
process.env.SALESFORCE_EXTRA_ALLOWED_ORIGINS = fake.origin;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { GET } = await import("@/app/api/metrics/route");
const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
const { consumeRateLimit } = await import("@/lib/limits/rate-limit");

afterAll(async () => {
  await fake.close();
  delete process.env.PORTAL_METRICS_TOKEN;
});

const scrape = (authorization?: string) =>
  GET(new Request("http://portal.test/api/metrics", authorization ? { headers: { authorization } } : {}));
const sample = (text: string, name: string) =>
  text.split("\n").filter((line) => line.startsWith(name) && !line.startsWith("#"));

describe("/api/metrics", () => {
  it("refuses a scrape without the token, or with another one", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${token}x`)).status).toBe(401);
    expect((await scrape(token)).status).toBe(401);
    expect((await scrape()).headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("counts test outcomes by error code, generations, connections by status and refusals", async () => {
    const owner = await makeCustomer(getDb());
    const { id: connectionId } = await makeReadyConnection(getDb(), fake, owner.tenant.id);
    const user = { id: owner.user.id, email: owner.user.email, role: "customer" as const, tenantId: owner.tenant.id };
    expect((await runTestForConnection({ user, connectionId, ip: null })).outcome).toBe("connected");
    fake.setFault({ kind: "5xx" }, "token");
    try {
      await runTestForConnection({ user, connectionId, ip: null });
    } finally {
      fake.setFault(null);
    }
    const key = `metrics-test:${randomBytes(4).toString("hex")}`;
    await consumeRateLimit(getDb(), key, 1, 60);
    await consumeRateLimit(getDb(), key, 1, 60); // refused

    const res = await scrape(`Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(
      sample(text, 'portal_test_connection_duration_seconds_count{outcome="connected",error_code="none"'),
    ).not.toEqual([]);
    expect(
      sample(text, "portal_test_connection_duration_seconds_count").some((l) =>
        /outcome="failed",error_code="\w+"/.test(l),
      ),
    ).toBe(true);
    expect(sample(text, "portal_certificate_generation_duration_seconds_count").length).toBeGreaterThan(0);
    expect(sample(text, 'portal_rate_limit_refusals_total{limit="metrics-test"}')).toEqual([
      'portal_rate_limit_refusals_total{limit="metrics-test"} 1',
    ]);
    const failed = await getDb().connection.count({ where: { status: "failed" } });
    expect(sample(text, 'portal_connections{status="failed"}')).toEqual([
      `portal_connections{status="failed"} ${failed}`,
    ]);
    expect(sample(text, "portal_certificates_expiring_30d")).toHaveLength(1);
    expect(sample(text, "process_cpu_user_seconds_total")).toHaveLength(1);
    // Labels are closed sets: no connection id, tenant id or address.
    expect(text).not.toContain(connectionId);
    expect(text).not.toContain(owner.tenant.id);
    expect(text).not.toContain(key);
  });
});
