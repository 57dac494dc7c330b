import type { TestOutcome } from "@/lib/db/generated/enums";

// A finished run, as a history strip shows it. Browser-safe.
export type HistoryRun = { status: Exclude<TestOutcome, "running">; finishedAt: Date | string };

const WORDS: Record<HistoryRun["status"], string> = {
  connected: "connected",
  warnings: "with warnings",
  failed: "failed",
};

// The strip's text alternative: "Last 30 tests: 27 connected, 3 failed; latest failed".
export function summariseHistory(runs: readonly HistoryRun[]): string {
  if (runs.length === 0) return "No tests yet";
  const counts = (["connected", "warnings", "failed"] as const)
    .map((s) => [s, runs.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${WORDS[s]}`);
  const latest = runs.at(-1)!;
  const noun = runs.length === 1 ? "Last test" : `Last ${runs.length} tests`;
  return `${noun}: ${counts.join(", ")}; latest ${WORDS[latest.status]}`;
}
