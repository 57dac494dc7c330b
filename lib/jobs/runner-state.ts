// Whether this process runs background jobs, and whether its runner is alive: read by /api/health/ready.
type RunnerState =
  { state: "not-here" } | { state: "starting" } | { state: "running" } | { state: "stopped"; why: string };

const globalForRunner = globalThis as unknown as { portalJobRunner?: RunnerState };

export function jobRunnerState(): RunnerState {
  return globalForRunner.portalJobRunner ?? { state: "not-here" };
}

export function setJobRunnerState(state: RunnerState): void {
  globalForRunner.portalJobRunner = state;
}
