import type { ChildProcess } from "node:child_process";

/**
 * Sends `signal` to a server a spec started if this Playwright worker exits first (torn down after a failure, without
 * its afterAll or finally): no server outlives its worker on a spec's port, where the next run would find it taken.
 */
export function endWithWorker(child: ChildProcess, signal: NodeJS.Signals): void {
  const orphaned = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.once("exit", orphaned);
  child.once("exit", () => process.off("exit", orphaned));
}
