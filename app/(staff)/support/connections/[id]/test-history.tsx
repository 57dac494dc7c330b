import { formatUtc } from "@/lib/dates";
import { TEST_HISTORY_LIMIT, type StaffTestRun } from "@/lib/staff/connection-detail";
import { readAttempts, readSteps } from "@/lib/staff/test-run-json";

const OUTCOME_STYLES: Record<StaffTestRun["outcome"], string> = {
  running: "bg-slate-100 text-slate-700",
  connected: "bg-green-100 text-green-800",
  warnings: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
};

const STEP_STYLES: Record<string, string> = { ok: "text-green-800", warning: "text-amber-900", failed: "text-red-800" };

export function TestHistory({ runs }: { runs: StaffTestRun[] }) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No test has been run yet.</p>;
  return (
    <div className="space-y-2">
      {runs.length === TEST_HISTORY_LIMIT ? <p className="text-sm text-slate-600">The latest {TEST_HISTORY_LIMIT} runs, newest first.</p> : null}
      <ol className="space-y-2" aria-label="Test runs">
        {runs.map((run) => (
          <li key={run.id}>
            <TestRunItem run={run} />
          </li>
        ))}
      </ol>
    </div>
  );
}

function TestRunItem({ run }: { run: StaffTestRun }) {
  const steps = readSteps(run.steps);
  const attempts = readAttempts(run.attempts);
  return (
    <details className="rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="test-run">
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLES[run.outcome]}`}>{run.outcome}</span>
        <time dateTime={run.startedAt.toISOString()}>{formatUtc(run.startedAt)}</time>
        <span className="text-slate-600">
          by {run.ranByEmail ?? "unknown"}
          {run.ranByRole ? ` (${run.ranByRole})` : ""}
        </span>
        {run.durationMs !== null ? <span className="text-slate-500">{run.durationMs} ms</span> : null}
        {run.errorCode ? (
          <span className="font-mono text-xs text-red-800">
            {run.errorCode}
            {run.failedStep ? ` at ${run.failedStep}` : ""}
          </span>
        ) : null}
      </summary>
      <div className="mt-3 space-y-4">
        {run.summary ? <p>{run.summary}</p> : null}
        {run.tokenHost ? (
          <p className="text-xs text-slate-600">
            Pair used: <span className="font-mono">{run.tokenHost}</span> → <span className="font-mono">{run.audience ?? "—"}</span>
            {run.apiVersion ? ` · API ${run.apiVersion}` : ""}
          </p>
        ) : null}
        <div>
          <h3 className="mb-1 font-medium">Steps</h3>
          {steps.length === 0 ? (
            <p className="text-slate-500">No steps recorded.</p>
          ) : (
            <ol className="space-y-1">
              {steps.map((step, i) => (
                <li key={i} className="grid grid-cols-[8rem_5rem_1fr_auto] gap-2">
                  <span className="font-mono text-xs">{step.name}</span>
                  <span className={`font-medium ${STEP_STYLES[step.status] ?? "text-slate-600"}`}>{step.status}</span>
                  <span>
                    {step.message}
                    {step.diagnosis?.fix ? <span className="block text-xs text-slate-600">Fix: {step.diagnosis.fix}</span> : null}
                  </span>
                  <span className="text-xs text-slate-500">{step.durationMs !== null ? `${step.durationMs} ms` : ""}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h3 className="mb-1 font-medium">Token attempts</h3>
          {attempts.length === 0 ? (
            <p className="text-slate-500">No token request was made.</p>
          ) : (
            <table className="min-w-full text-left text-xs">
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-3">Token host</th>
                  <th scope="col" className="py-1 pr-3">Audience</th>
                  <th scope="col" className="py-1 pr-3">Result</th>
                  <th scope="col" className="py-1 pr-3">Error</th>
                  <th scope="col" className="py-1 pr-3">Time</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a, i) => (
                  <tr key={i} className="border-t border-slate-100 align-top">
                    <td className="py-1 pr-3 font-mono">{a.tokenHost ?? "—"}</td>
                    <td className="py-1 pr-3 font-mono">{a.audience ?? "—"}</td>
                    <td className="py-1 pr-3">
                      {a.ok === null ? "—" : a.ok ? "token issued" : "refused"}
                      {a.httpStatus !== null ? ` (HTTP ${a.httpStatus})` : ""}
                    </td>
                    <td className="py-1 pr-3">
                      {a.error ? <span className="font-mono">{a.error}</span> : null}
                      {a.description ? <span className="block">{a.description}</span> : null}
                      {a.other.map(([k, v]) => (
                        <span key={k} className="block text-slate-500">
                          {k}: {v}
                        </span>
                      ))}
                    </td>
                    <td className="py-1 pr-3">{a.durationMs !== null ? `${a.durationMs} ms` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </details>
  );
}
