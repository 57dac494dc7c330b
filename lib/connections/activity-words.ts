import { buildChecklist, type ChecklistStepId } from "@/lib/connections/checklist";
import type { Diagnosis } from "@/lib/salesforce/errors";
import { intervalLabel } from "@/lib/jobs/intervals";

// A connection's activity in plain words: its test runs and its audit entries, merged into one timeline. Browser-safe.

export type ActivityTone = "ok" | "warning" | "failed" | "neutral";
export type ActivityItem = { id: string; at: Date; text: string; tone: ActivityTone };

export type ActivityRun = {
  id: string;
  outcome: "running" | "connected" | "warnings" | "failed";
  ranByEmail: string | null;
  ranByRole: string | null;
  startedAt: Date;
  errorCode: string | null;
  diagnosis: Pick<Diagnosis, "title"> | null;
};

export type ActivityAudit = {
  id: string;
  createdAt: Date;
  action: string;
  actorEmail: string | null;
  details: unknown;
};

const OUTCOME_WORDS: Record<ActivityRun["outcome"], { words: string; tone: ActivityTone }> = {
  running: { words: "running", tone: "neutral" },
  connected: { words: "connected", tone: "ok" },
  warnings: { words: "connected with warnings", tone: "warning" },
  failed: { words: "failed", tone: "failed" },
};

function actor(email: string | null, role?: string | null): string {
  const who = email ?? "an unknown user";
  return role && role !== "customer" ? `${who} (${role})` : who;
}

export function describeTestRun(run: ActivityRun): ActivityItem {
  const { words, tone } = OUTCOME_WORDS[run.outcome];
  const why = run.diagnosis?.title ?? (run.outcome === "failed" ? run.errorCode : null);
  return {
    id: `run-${run.id}`,
    at: run.startedAt,
    text: `Test connection by ${actor(run.ranByEmail, run.ranByRole)}: ${words}${why ? ` — ${why}` : ""}`,
    tone,
  };
}

const FIELD_WORDS: Record<string, string> = {
  username: "username",
  clientId: "Client ID",
  instanceUrl: "instance URL",
  apiVersion: "API version",
  environment: "environment",
  myDomainOnly: "Gov Cloud setting",
};

const STEP_TITLES = new Map(
  buildChecklist({ instanceUrl: null, username: null, certificate: null }).map((s) => [s.id, s.title]),
);

type Details = Record<string, unknown>;
const text = (v: unknown) => (typeof v === "string" && v ? v : null);

// What happened, without the actor; details only ever hold identifiers and outcomes (lib/audit/record-audit.ts).
const AUDIT_WORDS: Record<string, (d: Details) => string> = {
  "connection.created": (d) => `Connection${text(d.name) ? ` “${text(d.name)}”` : ""} created`,
  "connection.updated": (d) => {
    const fields = Array.isArray(d.changed) ? d.changed.map((f) => FIELD_WORDS[String(f)] ?? String(f)) : [];
    return `Salesforce fields saved${fields.length ? ` (${fields.join(", ")})` : ""}`;
  },
  "certificate.generated": (d) =>
    `Certificate generated${typeof d.keySize === "number" ? ` (${d.keySize}-bit key)` : ""}`,
  "certificate.renewal_started": () => "Certificate renewal started: a new certificate waits for its upload",
  "certificate.restore_started": () =>
    "Earlier certificate restored as pending: it returns to use once Salesforce accepts it",
  "certificate.renewed": () => "Renewed certificate accepted by Salesforce and now in use",
  "certificate.key_destroyed": () => "Private key of a retired certificate destroyed after 7 days",
  "certificate.downloaded": (d) => `Certificate downloaded${d.format === "der" ? " as server.der" : ""}`,
  "salesforce_bundle.downloaded": (d) =>
    `Salesforce CLI bundle downloaded${text(d.appName) ? ` (app ${text(d.appName)})` : ""}${d.newConsumerKey === true ? ": new Client ID" : ""}`,
  "checklist.updated": (d) => {
    const step = STEP_TITLES.get(d.step as ChecklistStepId) ?? text(d.step) ?? "a step";
    return `Checklist step “${step}” marked ${d.done === true ? "done" : "not done"}`;
  },
  "key.exported": (d) => `Private key exported${text(d.format) ? ` (${text(d.format)})` : ""}`,
  "access_token.issued": () => "Salesforce access token issued",
  "test.run": (d) => `Test connection${text(d.outcome) ? `: ${text(d.outcome)}` : ""}`,
  "auth.sign_in": () => "Signed in",
  "auth.sign_in_failed": () => "Sign-in failed",
  "auth.sign_out": () => "Signed out",
  "invitation.created": () => "Invitation sent",
  "invitation.accepted": () => "Invitation accepted",
  "tenant.created": () => "Tenant created",
  "tenant.key_export_changed": () => "Key export policy changed",
  "tenant.retest_interval_changed": (d) =>
    `Scheduled re-tests of the tenant set to ${intervalLabel(d.interval).toLowerCase()}`,
  "connection.retest_interval_changed": (d) => `Scheduled re-tests set to ${intervalLabel(d.interval).toLowerCase()}`,
  "user.created": () => "User created",
  "user.disabled": () => "User disabled",
  "user.enabled": () => "User enabled",
  "user.role_changed": () => "User's role changed",
  "notification.emailed": (d) =>
    `Email “${text(d.event) ?? "notification"}” sent to ${Array.isArray(d.sent) ? d.sent.length : 0}${Array.isArray(d.failed) && d.failed.length ? `, ${d.failed.length} refused` : ""}`,
  "user.notifications_changed": (d) => `Email notifications turned ${d.notifyByEmail === true ? "on" : "off"}`,
  "api_token.created": (d) => `API token${text(d.name) ? ` “${text(d.name)}”` : ""} created`,
  "api_token.revoked": (d) => `API token${text(d.name) ? ` “${text(d.name)}”` : ""} revoked`,
};

// An action added later still reads as words: "password_reset.requested" → "Password reset requested".
function fallbackWords(action: string): string {
  const words = action.replace(/[._]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Something happened";
}

export function describeAuditEntry(entry: ActivityAudit): ActivityItem {
  const details = typeof entry.details === "object" && entry.details !== null ? (entry.details as Details) : {};
  const words = AUDIT_WORDS[entry.action]?.(details) ?? fallbackWords(entry.action);
  return {
    id: `audit-${entry.id}`,
    at: entry.createdAt,
    text: `${words} by ${actor(entry.actorEmail)}`,
    tone: "neutral",
  };
}

export function hasAuditWording(action: string): boolean {
  return action in AUDIT_WORDS;
}

// Newest first, at most `limit`: each source must hold its own newest `limit` for the merge to be exact.
export function mergeActivity(runs: ActivityRun[], audit: ActivityAudit[], limit: number): ActivityItem[] {
  return [...runs.map(describeTestRun), ...audit.map(describeAuditEntry)]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit);
}
