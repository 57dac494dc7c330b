import { summariseHistory, type HistoryRun } from "@/lib/connections/history-summary";

const CELL: Record<HistoryRun["status"], string> = {
  connected: "bg-green-600",
  warnings: "bg-amber-500",
  failed: "bg-red-600",
};

// The last runs as a row of small cells, oldest first and newest last: flapping and a steady break look different.
// One text alternative for the whole strip ("Last 30 tests: 27 connected, 3 failed; latest failed").
export function HistoryStrip({ runs }: { runs: readonly HistoryRun[] }) {
  const summary = summariseHistory(runs);
  if (runs.length === 0) return <span className="text-xs text-slate-600">{summary}</span>;
  return (
    <span
      role="img"
      aria-label={summary}
      title={summary}
      className="inline-flex items-end gap-px"
      data-testid="history-strip"
    >
      {runs.map((run, i) => (
        <span
          key={i}
          className={`inline-block w-1.5 ${CELL[run.status]} ${run.status === "failed" ? "h-4" : run.status === "warnings" ? "h-3" : "h-2.5"}`}
        />
      ))}
    </span>
  );
}
