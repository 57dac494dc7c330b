// Test connection runs this process is executing, so a stop (SIGTERM) can wait for them (lib/shutdown/drain.ts).
// On globalThis: Next bundles route handlers and instrumentation separately, and both must see one registry.
type ShutdownState = { runs: Map<string, Promise<unknown>>; draining: boolean };
const globalForShutdown = globalThis as unknown as { portalShutdownState?: ShutdownState };

function state(): ShutdownState {
  globalForShutdown.portalShutdownState ??= { runs: new Map(), draining: false };
  return globalForShutdown.portalShutdownState;
}

/** Registers a run until `work` settles; returns `work` unchanged. */
export function trackRun<T>(runId: string, work: Promise<T>): Promise<T> {
  const runs = state().runs;
  runs.set(runId, work);
  void work.then(
    () => runs.delete(runId),
    () => runs.delete(runId),
  );
  return work;
}

export function runningRunIds(): string[] {
  return [...state().runs.keys()];
}

/** True once a stop began: readiness then answers 503 so a load balancer sends no more traffic here. */
export function isDraining(): boolean {
  return state().draining;
}

/**
 * Starts the drain and waits for the running runs, at most `graceMs`. Returns the ids of those still running
 * (runs started during the wait are waited for too, within the same grace).
 */
export async function waitForRuns(graceMs: number): Promise<string[]> {
  const current = state();
  current.draining = true;
  const deadline = Date.now() + graceMs;
  while (current.runs.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, left);
    });
    await Promise.race([Promise.allSettled([...current.runs.values()]), timeout]);
    clearTimeout(timer);
  }
  return runningRunIds();
}
