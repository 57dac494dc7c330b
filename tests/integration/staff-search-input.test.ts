import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// Staff search boxes and cursors take their values from the URL: hostile ones are cleaned or dropped, and the page's
// query runs; none of them may reach PostgreSQL as something it refuses (a 500 for the staff member).
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { searchAuditLog } = await import("@/lib/audit/queries");
const { auditFiltersSchema } = await import("@/lib/audit/schemas");
const { listTenants } = await import("@/lib/tenants/queries");
const { tenantListQuerySchema } = await import("@/lib/tenants/schemas");
const { getDashboard } = await import("@/lib/dashboard/queries");
const { parseDashboardFilter } = await import("@/lib/dashboard/schemas");

const HOSTILE: (string | string[])[] = [
  "\u0000",
  "acme\u0000corp",
  "\u0000\u0000\u0000",
  "line\r\nbreak",
  "%",
  "_",
  "\\",
  "'; DROP TABLE tenants; --",
  "😀".repeat(50),
  "x".repeat(10_000),
  ["first", "second"],
  "",
  "   ",
];

describe("staff search input", () => {
  it("cleans control characters out of search text and keeps the rest", () => {
    expect(auditFiltersSchema.parse({ actor: "a\u0000b\u0007c" }).actor).toBe("abc");
    expect(tenantListQuerySchema.parse({ q: "\u0000Acme " }).q).toBe("Acme");
    expect(parseDashboardFilter({ q: "glo\u0000bex" }).q).toBe("globex");
    expect(tenantListQuerySchema.parse({ q: "\u0000" }).q).toBeUndefined();
  });

  it("drops an audit cursor beyond a bigint instead of failing the page", () => {
    expect(auditFiltersSchema.parse({ before: "9223372036854775807" }).before).toBe("9223372036854775807");
    expect(auditFiltersSchema.parse({ before: "9223372036854775808" }).before).toBeUndefined();
    expect(auditFiltersSchema.parse({ before: "99999999999999999999" }).before).toBeUndefined();
    // Ids start at 1 and carry no leading zero: "0" or "007" was never a page's cursor.
    expect(auditFiltersSchema.parse({ before: "0" }).before).toBeUndefined();
    expect(auditFiltersSchema.parse({ before: "007" }).before).toBeUndefined();
  });

  it("runs every page's query on each hostile value", async () => {
    const { tenant } = await makeCustomer(getDb(), "Acme Search");
    for (const value of HOSTILE) {
      const audit = await searchAuditLog(
        auditFiltersSchema.parse({ tenant: value, actor: value, before: value, from: value, to: value }),
      );
      expect(Array.isArray(audit.entries ?? audit)).toBe(true);
      const tenants = await listTenants({ search: tenantListQuerySchema.parse({ q: value }).q, page: 1 });
      expect(tenants.total).toBeGreaterThanOrEqual(0);
      const dashboard = await getDashboard(parseDashboardFilter({ q: value, week: value, reason: value }));
      expect(dashboard.rows.length).toBeGreaterThanOrEqual(0);
    }
    // A NUL inside a real name still finds it once cleaned.
    const found = await listTenants({ search: tenantListQuerySchema.parse({ q: "Acme\u0000 Search" }).q, page: 1 });
    expect(found.tenants.map((t) => t.id)).toContain(tenant.id);
  });
});
