import type { Diagnosis } from "@/lib/salesforce/errors";
import type { TestStep, TokenAttempt } from "@/lib/salesforce/test-connection";

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
  ranByEmail: true,
  ranByRole: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
} as const;

type StoredRun = {
  id: string;
  outcome: "running" | "connected" | "warnings" | "failed";
  failedStep: string | null;
  errorCode: string | null;
  summary: string | null;
  steps: unknown;
  attempts: unknown;
  tokenHost: string | null;
  audience: string | null;
  apiVersion: string | null;
  ranByEmail: string | null;
  ranByRole: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
};

export type TestRunView = Omit<StoredRun, "steps" | "attempts" | "startedAt" | "finishedAt"> & {
  steps: TestStep[];
  attempts: TokenAttempt[];
  diagnosis: Diagnosis | null;
  startedAt: string;
  finishedAt: string | null;
};

export function toTestRunView(run: StoredRun): TestRunView {
  const steps = (Array.isArray(run.steps) ? run.steps : []) as TestStep[];
  const attempts = (Array.isArray(run.attempts) ? run.attempts : []) as TokenAttempt[];
  const explained = steps.find((s) => s.status === "failed" && s.diagnosis) ?? steps.find((s) => s.status === "warning" && s.diagnosis);
  return {
    ...run,
    steps,
    attempts,
    diagnosis: explained?.diagnosis ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
