import type { CollectorReadiness } from "@/lib/salesforce/collector-data";
import type { Diagnosis } from "@/lib/salesforce/errors";
import { diagnosisFor, fixableByOf, type Audience } from "@/lib/salesforce/errors-audience";
import type { TestStep } from "@/lib/salesforce/test-connection";
import type { TokenAttempt } from "@/lib/salesforce/token-step";
import { TEST_STEP_LABELS, TEST_STEP_STATUSES, TEST_STEPS } from "@/lib/salesforce/test-steps";
import type { TestOutcome } from "@/lib/db/generated/enums";

// What a page may show of a stored run: no key, no token, no assertion is ever stored in one.
export const testRunSelect = {
  id: true,
  outcome: true,
  failedStep: true,
  errorCode: true,
  summary: true,
  steps: true,
  attempts: true,
  tokenHost: true,
  audience: true,
  apiVersion: true,
  collector: true,
  ranByEmail: true,
  ranByRole: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
} as const;

type StoredRun = {
  id: string;
  outcome: TestOutcome;
  failedStep: string | null;
  errorCode: string | null;
  summary: string | null;
  steps: unknown;
  attempts: unknown;
  tokenHost: string | null;
  audience: string | null;
  apiVersion: string | null;
  collector: unknown;
  ranByEmail: string | null;
  ranByRole: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
};

export type TestRunView = Omit<StoredRun, "steps" | "attempts" | "startedAt" | "finishedAt" | "collector"> & {
  collector: CollectorReadiness | null;
  steps: TestStep[];
  attempts: TokenAttempt[];
  diagnosis: Diagnosis | null;
  startedAt: string;
  finishedAt: string | null;
};

// steps/attempts are JSON written by the runner; older or partial rows may lack fields, so nothing is trusted blindly.
// A customer's view says "this is on our side" instead of a provider-side fix; staff see the technical fix.
export function toTestRunView(run: StoredRun, audience: Audience = "staff"): TestRunView {
  const steps = objects(run.steps).map((step) => stepFor(readStep(step), audience, run.id));
  const attempts = objects(run.attempts).map(readAttempt);
  const explained =
    steps.find((s) => s.status === "failed" && s.diagnosis) ?? steps.find((s) => s.status === "warning" && s.diagnosis);
  const failed = steps.find((s) => s.status === "failed");
  const rewritten = audience === "customer" && failed?.diagnosis?.fixableBy === "provider";
  // A customer sees "support", never which staff member (or global API token) ran the test.
  const byStaff = audience === "customer" && run.ranByRole !== null && run.ranByRole !== "customer";
  return {
    ...run,
    ...(byStaff ? { ranByEmail: "support", ranByRole: null } : {}),
    summary: rewritten
      ? `${TEST_STEP_LABELS[failed.name].progress} failed: ${failed.message}`
      : summaryFor(run, audience),
    collector: readCollector(run.collector),
    steps,
    attempts,
    diagnosis: explained?.diagnosis ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

// Hosts and audiences are technical details for a customer (shown folded, beside the attempts), not the headline.
function summaryFor(run: StoredRun, audience: Audience): string | null {
  if (audience === "staff" || !run.summary) return run.summary;
  return run.summary.replace(/ via \S+ \(audience \S+\)/, "");
}

/** A step as its reader may see it; `reference` (the run id) is what a customer quotes to support. */
export function stepFor(step: TestStep, audience: Audience, reference: string): TestStep {
  if (audience === "customer" && step.name === "token" && step.status === "ok")
    return { ...step, message: "Salesforce issued a token." };
  if (!step.diagnosis) return step;
  const diagnosis = diagnosisFor(step.diagnosis, audience, reference);
  if (diagnosis === step.diagnosis) return step;
  return { ...step, message: `${diagnosis.title}.`, diagnosis };
}

const STEP_NAMES = new Set<string>(TEST_STEPS);
const STEP_STATUSES = new Set<string>(TEST_STEP_STATUSES);

function readStep(step: Record<string, unknown>): TestStep {
  const stored = isObject(step.diagnosis) && typeof step.diagnosis.title === "string" ? step.diagnosis : null;
  const diagnosis = stored
    ? ({ ...stored, fixableBy: fixableByOf(String(stored.code), stored.fixableBy) } as unknown as Diagnosis)
    : undefined;
  return {
    name: (STEP_NAMES.has(String(step.name)) ? step.name : "token") as TestStep["name"],
    status: (STEP_STATUSES.has(String(step.status)) ? step.status : "failed") as TestStep["status"],
    message: typeof step.message === "string" ? step.message : "",
    durationMs: typeof step.durationMs === "number" ? step.durationMs : 0,
    ...(diagnosis ? { diagnosis } : {}),
  };
}

function readAttempt(attempt: Record<string, unknown>): TokenAttempt {
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const view: TokenAttempt = {
    tokenHost: text(attempt.tokenHost) ?? "unknown",
    audience: text(attempt.audience) ?? "unknown",
    ok: attempt.ok === true,
    durationMs: typeof attempt.durationMs === "number" ? attempt.durationMs : 0,
  };
  if (typeof attempt.status === "number") view.status = attempt.status;
  const code = text(attempt.code);
  if (code) view.code = code;
  const error = text(attempt.salesforceError);
  if (error) view.salesforceError = error;
  const description = text(attempt.salesforceDescription);
  if (description) view.salesforceDescription = description;
  return view;
}

export function readCollector(value: unknown): CollectorReadiness | null {
  if (!isObject(value)) return null;
  const flag = (k: string) => value[k] === true;
  const interval =
    value.logFileInterval === "Hourly" || value.logFileInterval === "Daily" ? value.logFileInterval : null;
  const eventTypes = objects(value.eventTypes)
    .filter((t) => typeof t.eventType === "string" && typeof t.interval === "string" && typeof t.files === "number")
    .map((t) => ({ eventType: t.eventType as string, interval: t.interval as string, files: t.files as number }));
  return {
    eventTypes,
    eventLogFilesReadable: flag("eventLogFilesReadable"),
    hourlyAvailable: flag("hourlyAvailable"),
    logFileInterval: interval,
    loginEventQueryable: flag("loginEventQueryable"),
    setupAuditTrailQueryable: flag("setupAuditTrailQueryable"),
    objectOption: flag("objectOption"),
    readsNothing: flag("readsNothing"),
  };
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
