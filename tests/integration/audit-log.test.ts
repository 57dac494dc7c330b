import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { recordAudit } = await import("@/lib/audit/record-audit");
const { AUDIT_PAGE_SIZE, auditFiltersSchema, searchAuditLog } = await import("@/lib/audit/queries");

describe("audit log search", () => {
  let tenant: { id: string; name: string };
  const actor = { id: crypto.randomUUID(), email: `auditor-${randomBytes(4).toString("hex")}@example.test` };

  beforeAll(async () => {
    ({ tenant } = await makeCustomer(getDb()));
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
      await recordAudit(getDb(), {
        action: i % 2 ? "test.run" : "connection.updated",
        actor,
        tenantId: tenant.id,
        target: ["connection", `c-${i}`],
        ip: "192.0.2.1",
      });
    }
    await getDb().auditEvent.updateMany({
      where: { actorEmail: actor.email, targetId: "c-0" },
      data: { createdAt: new Date("2020-01-15T12:00:00Z") },
    });
  });

  it("filters by tenant name, actor and action, newest first, with keyset pages that neither skip nor repeat", async () => {
    const filters = auditFiltersSchema.parse({
      tenant: tenant.name.toUpperCase(),
      actor: actor.email.slice(0, 12),
      action: "test.run",
    });
    const first = await searchAuditLog(filters);
    expect(
      first.entries.every(
        (e) => e.action === "test.run" && e.tenantName === tenant.name && e.actorEmail === actor.email,
      ),
    ).toBe(true);
    expect(first.entries).toHaveLength(Math.floor((AUDIT_PAGE_SIZE + 5) / 2));
    expect(first.nextBefore).toBeNull();
    const all = await searchAuditLog(auditFiltersSchema.parse({ tenant: tenant.id, actor: actor.email }));
    expect(all.entries).toHaveLength(AUDIT_PAGE_SIZE);
    const second = await searchAuditLog(
      auditFiltersSchema.parse({ tenant: tenant.id, actor: actor.email, before: all.nextBefore }),
    );
    const ids = [...all.entries, ...second.entries].map((e) => BigInt(e.id));
    expect(ids).toHaveLength(AUDIT_PAGE_SIZE + 5);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
  });

  it("filters by a UTC date range, the end day included, and ignores malformed query values", async () => {
    const day = await searchAuditLog(
      auditFiltersSchema.parse({ actor: actor.email, from: "2020-01-15", to: "2020-01-15" }),
    );
    expect(day.entries.map((e) => e.targetId)).toEqual(["c-0"]);
    const junk = auditFiltersSchema.parse({ action: "drop table", from: "yesterday", before: "1;--" });
    expect(junk).toEqual({
      tenant: undefined,
      actor: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
      before: undefined,
    });
  });
});
