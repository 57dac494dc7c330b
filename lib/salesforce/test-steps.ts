// The steps of Test connection, in the order they run, with their one wording each. Browser-safe: the runner, the
// stored-run reader (lib/connections/test-run-view.ts) and the panel (components/test-run-details.tsx) share it.

export const TEST_STEPS = ["token", "version", "identity", "event_logs"] as const;
export type StepName = (typeof TEST_STEPS)[number];

export const TEST_STEP_STATUSES = ["running", "ok", "warning", "failed", "skipped"] as const;
export type StepStatus = (typeof TEST_STEP_STATUSES)[number];

// title: the step's name in the panel and the history; progress: what the runner says while it runs and in a failed run's summary.
export const TEST_STEP_LABELS: Record<StepName, { title: string; progress: string }> = {
  token: { title: "Token (JWT bearer flow)", progress: "Getting a token" },
  version: { title: "API version", progress: "API version" },
  identity: { title: "Identity", progress: "Identity" },
  event_logs: { title: "Event log access", progress: "Event log access" },
};
