import type { ConnectionTestInput, TestResult, TestStep } from "./test-connection";
import { TEST_STEP_LABELS } from "./test-steps";
import type { TokenAttempt } from "./token-step";

/** The run's outcome and one-line summary: the first failed step decides, then any warnings. */
export function summariseRun(
  input: ConnectionTestInput,
  steps: TestStep[],
  attempts: TokenAttempt[],
  extras: Partial<TestResult>,
  durationMs: number,
): TestResult {
  const base = { steps, attempts, durationMs, ...extras };
  const failedStep = steps.find((s) => s.status === "failed");
  if (failedStep) {
    const code = failedStep.diagnosis?.code;
    return {
      ...base,
      outcome: "failed",
      failedStep: failedStep.name,
      ...(code ? { errorCode: code } : {}),
      ...(failedStep.diagnosis ? { diagnosis: failedStep.diagnosis } : {}),
      summary: `${TEST_STEP_LABELS[failedStep.name].progress} failed: ${failedStep.message}`,
    };
  }
  const via = extras.pair ? ` via ${extras.pair.tokenHost} (audience ${extras.pair.audience})` : "";
  const warnings = steps.filter((s) => s.status === "warning");
  if (warnings.length > 0) {
    return {
      ...base,
      outcome: "warnings",
      summary: `Connected as ${input.username}${via}, with warnings: ${warnings.map((s) => s.message).join(" ")}`,
    };
  }
  return {
    ...base,
    outcome: "connected",
    summary: `Connected as ${input.username}${via}; API version ${extras.apiVersion ?? "unknown"}.`,
  };
}
