import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// The staff dashboard's "failing for more than 24 h" filter and "since" column, read from the connection's
// status_since (kept by the statement that finishes a run; tests/integration/connection-status.test.ts).

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { getDashboard } = await import("@/lib/dashboard/queries");
const { dashboardHref, parseDashboardFilter } = await import("@/lib/dashboard/schemas");

const HOUR = 3_600_000;
const tok = randomBytes(4).toString("hex");

describe("failing for more than 24 h", () => {
  it("lists failed connections whose status dates from over a day ago, and shows since when for every row", async () => {
    const { tenant } = await makeCustomer(getDb(), `Failing${tok}`);
    const add = async (name: string, status: "connected" | "failed", since: number) => {
      await getDb().connection.create({
        data: { id: randomUUID(), tenantId: tenant.id, name, status, statusSince: new Date(Date.now() - since) },
      });
    };
    await add("long", "failed", 30 * HOUR);
    await add("recent", "failed", 2 * HOUR);
    await add("fine", "connected", 48 * HOUR);

    const filter = parseDashboardFilter({ q: `Failing${tok}`, failing: "24h" });
    expect(dashboardHref(filter)).toContain("failing=24h");
    const failing = await getDashboard(filter);
    expect(failing.rows.map((r) => r.name)).toEqual(["long"]);
    expect(failing.total).toBe(1);

    const all = await getDashboard(parseDashboardFilter({ q: `Failing${tok}` }));
    const since = Object.fromEntries(all.rows.map((r) => [r.name, r.statusSince!.getTime()]));
    expect(Object.keys(since).sort()).toEqual(["fine", "long", "recent"]);
    expect(Date.now() - since.fine!).toBeGreaterThan(47 * HOUR);
    // A bad value is ignored rather than an error: the whole list.
    expect((await getDashboard(parseDashboardFilter({ q: `Failing${tok}`, failing: "1y" }))).total).toBe(3);
  });
});
