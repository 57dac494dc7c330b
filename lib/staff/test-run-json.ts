// test_runs.steps and .attempts are JSON written by the test runner; older or partial rows may lack fields.
// These turn them into plain display records without trusting their shape.

export type StepView = {
  name: string;
  status: string;
  message: string;
  durationMs: number | null;
  diagnosis: { code: string | null; title: string | null; fix: string | null } | null;
};

export type AttemptView = {
  tokenHost: string | null;
  audience: string | null;
  ok: boolean | null;
  httpStatus: number | null;
  error: string | null;
  description: string | null;
  durationMs: number | null;
  // Any other field, shown as text so nothing the runner recorded is hidden.
  other: [string, string][];
};

const ATTEMPT_KEYS = new Set(["tokenHost", "audience", "ok", "status", "code", "error", "salesforceError", "description", "salesforceDescription", "durationMs"]);

export function readSteps(value: unknown): StepView[] {
  return objects(value).map((step) => {
    const diagnosis = isObject(step.diagnosis) ? step.diagnosis : null;
    return {
      name: text(step.name) ?? "step",
      status: text(step.status) ?? "unknown",
      message: text(step.message) ?? "",
      durationMs: num(step.durationMs),
      diagnosis: diagnosis ? { code: text(diagnosis.code), title: text(diagnosis.title), fix: text(diagnosis.fix) } : null,
    };
  });
}

export function readAttempts(value: unknown): AttemptView[] {
  return objects(value).map((attempt) => ({
    tokenHost: text(attempt.tokenHost),
    audience: text(attempt.audience),
    ok: typeof attempt.ok === "boolean" ? attempt.ok : null,
    httpStatus: num(attempt.status),
    error: [text(attempt.code) ?? text(attempt.error), text(attempt.salesforceError)].filter(Boolean).join(" · ") || null,
    description: text(attempt.description) ?? text(attempt.salesforceDescription),
    durationMs: num(attempt.durationMs),
    other: Object.entries(attempt)
      .filter(([key]) => !ATTEMPT_KEYS.has(key))
      .map(([key, v]) => [key, typeof v === "string" ? v : JSON.stringify(v)]),
  }));
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
