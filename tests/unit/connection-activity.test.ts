import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";
import {
  describeAuditEntry,
  describeTestRun,
  hasAuditWording,
  mergeActivity,
  type ActivityAudit,
  type ActivityRun,
} from "@/lib/connections/activity-words";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 9, minute));
const run = (over: Partial<ActivityRun> = {}): ActivityRun => ({
  id: "r1",
  outcome: "failed",
  ranByEmail: "alice@acme.example",
  ranByRole: "customer",
  startedAt: at(0),
  errorCode: "user_not_approved",
  diagnosis: { title: "The user is not pre-authorized for this app" },
  ...over,
});
const audit = (action: string, details: object = {}, minute = 0): ActivityAudit => ({
  id: `${action}-${minute}`,
  createdAt: at(minute),
  action,
  actorEmail: "bob@acme.example",
  details,
});

// Every audit action the code records: the typed list, and any "x.y" literal on an `action:` or commandAudit( line in lib/ or app/.
function recordedActions(): string[] {
  const found = new Set<string>(AUDIT_ACTIONS);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (name === "generated") continue;
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.tsx?$/.test(name))
        for (const line of readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => /action: |commandAudit\(/.test(l)))
          for (const m of line.matchAll(/"([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)"/g)) found.add(m[1]!);
    }
  };
  walk("lib");
  walk("app");
  return [...found];
}

describe("a connection's activity in plain words", () => {
  test("a test run says who ran it, the outcome and the diagnosis title", () => {
    expect(describeTestRun(run()).text).toBe(
      "Test connection by alice@acme.example: failed — The user is not pre-authorized for this app",
    );
    expect(describeTestRun(run({ outcome: "connected", diagnosis: null, ranByRole: "support" })).text).toBe(
      "Test connection by alice@acme.example (support): connected",
    );
    expect(describeTestRun(run({ diagnosis: null })).text).toContain("failed — user_not_approved");
    expect(describeTestRun(run()).tone).toBe("failed");
  });

  test("the connection's own audit entries read as sentences with their details", () => {
    expect(describeAuditEntry(audit("certificate.generated", { keySize: 2048 })).text).toBe(
      "Certificate generated (2048-bit key) by bob@acme.example",
    );
    expect(describeAuditEntry(audit("connection.updated", { changed: ["clientId", "instanceUrl"] })).text).toBe(
      "Salesforce fields saved (Client ID, instance URL) by bob@acme.example",
    );
    expect(describeAuditEntry(audit("checklist.updated", { step: "permitted-users", done: true })).text).toBe(
      "Checklist step “Pre-authorize the integration user” marked done by bob@acme.example",
    );
    expect(describeAuditEntry(audit("key.exported", { format: "pkcs12" })).text).toBe(
      "Private key exported (pkcs12) by bob@acme.example",
    );
  });

  test("every action the code records has wording, or a readable fallback", () => {
    const actions = recordedActions();
    expect(actions).toEqual(expect.arrayContaining(["test.run", "certificate.generated", "connection.updated"]));
    for (const action of actions) {
      const { text } = describeAuditEntry(audit(action));
      expect(text, action).toMatch(/^[A-Z][^_]* by bob@acme\.example$/);
      expect(text, action).not.toContain(action);
    }
    // What can name a connection always has its own words.
    for (const action of [
      "connection.created",
      "connection.updated",
      "certificate.generated",
      "certificate.downloaded",
      "checklist.updated",
      "key.exported",
      "access_token.issued",
      "test.run",
    ])
      expect(hasAuditWording(action), action).toBe(true);
    expect(describeAuditEntry(audit("password_reset.link_sent")).text).toBe(
      "Password reset link sent by bob@acme.example",
    );
  });

  test("runs and audit entries merge newest first, bounded", () => {
    const runs = [run({ id: "a", startedAt: at(30) }), run({ id: "b", startedAt: at(10) })];
    const entries = [audit("certificate.generated", {}, 5), audit("connection.updated", {}, 20)];
    const merged = mergeActivity(runs, entries, 3);
    expect(merged.map((i) => i.id)).toEqual(["run-a", "audit-connection.updated-20", "run-b"]);
  });
});
