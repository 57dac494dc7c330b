import type { ReactNode } from "react";
import { CONNECTION_STATUS } from "@/lib/connections/status";
import { DiagnosisText } from "@/components/diagnosis-text";
import { Table } from "@/components/ui/table";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { formatDuration, formatUtc } from "@/lib/dates";
import type { Audience } from "@/lib/salesforce/errors-audience";
import type { TestStep } from "@/lib/salesforce/test-connection";
import { TEST_STEP_LABELS } from "@/lib/salesforce/test-steps";

const STATUS_TEXT: Record<TestStep["status"], string> = {
  running: "Running…",
  ok: "OK",
  warning: "Warning",
  failed: "Failed",
  skipped: "Not run",
};
const STATUS_STYLE: Record<TestStep["status"], string> = {
  running: "text-blue-700",
  ok: "text-green-700",
  warning: "text-amber-700",
  failed: "text-red-700",
  skipped: "text-slate-500",
};

export function StepList({ steps }: { steps: TestStep[] }) {
  return (
    <ol className="space-y-1 text-sm" aria-label="Test steps">
      {steps.map((step) => (
        <li key={step.name} className="flex gap-3">
          <span className="w-44 font-medium">{TEST_STEP_LABELS[step.name].title}</span>
          <span className={`w-20 font-semibold ${STATUS_STYLE[step.status]}`}>{STATUS_TEXT[step.status]}</span>
          <span className="flex-1 text-slate-700">
            {step.message}
            {step.status !== "running" && step.durationMs ? (
              <span className="text-slate-600"> ({formatDuration(step.durationMs)})</span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

// A finished run's outcome reads like the connection status it sets.
const OUTCOME_TEXT = {
  running: "Running",
  connected: CONNECTION_STATUS.connected.label,
  warnings: CONNECTION_STATUS.warnings.label,
  failed: CONNECTION_STATUS.failed.label,
} as const;
const OUTCOME_TONE = {
  running: "border-blue-200 bg-blue-50",
  connected: "border-green-300 bg-green-50",
  warnings: "border-amber-300 bg-amber-50",
  failed: "border-red-300 bg-red-50",
} as const;

type VerdictProps = { run: TestRunView; linkSteps: boolean; audience?: Audience };

// The verdict: outcome, what failed, why, and the step that fixes it. Staff also read whose side a cause is on; a
// customer finds the hosts, audiences and attempts under "Technical details".
export function TestVerdict({ run, linkSteps, audience = "staff" }: VerdictProps) {
  const d = run.diagnosis;
  return (
    <section aria-label="Test result" className={`space-y-2 rounded-md border p-4 ${OUTCOME_TONE[run.outcome]}`}>
      <p className="text-lg font-semibold" data-testid="test-outcome">
        {OUTCOME_TEXT[run.outcome]}
        {run.failedStep
          ? ` at step “${TEST_STEP_LABELS[run.failedStep as TestStep["name"]]?.title ?? run.failedStep}”`
          : ""}
      </p>
      <p className="text-sm">{run.summary}</p>
      {d ? (
        <div className="space-y-1 text-sm" data-testid="test-diagnosis">
          <DiagnosisText diagnosis={d} audience={audience} reference={run.id} title={{ className: "font-semibold" }}>
            {d.checklistStep && linkSteps ? (
              <a href={`#step-${d.checklistStep}`} className="font-medium text-blue-700 underline">
                Go to the setup step that fixes this
              </a>
            ) : null}
          </DiagnosisText>
        </div>
      ) : null}
      <Technical folded={audience === "customer"}>
        {run.tokenHost && run.audience ? (
          <p className="text-sm" data-testid="working-pair">
            Working pair saved: token host <code>{run.tokenHost}</code>, audience <code>{run.audience}</code>
            {run.apiVersion ? (
              <>
                , API version <code>{run.apiVersion}</code>
              </>
            ) : null}
            .
          </p>
        ) : null}
        <AttemptTable attempts={run.attempts} />
      </Technical>
    </section>
  );
}

function Technical({ folded, children }: { folded: boolean; children: ReactNode }) {
  if (!folded) return <div className="space-y-2">{children}</div>;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer py-1 font-medium">Technical details</summary>
      <div className="mt-2 space-y-2">{children}</div>
    </details>
  );
}

type Attempt = TestRunView["attempts"][number] & { id: string };

const ATTEMPT_COLUMNS = [
  { header: "Token host", cell: (a: Attempt) => a.tokenHost, className: "font-mono text-xs" },
  { header: "Audience", cell: (a: Attempt) => a.audience, className: "font-mono text-xs" },
  {
    header: "Result",
    cell: (a: Attempt) =>
      a.ok ? "token issued" : [a.code, a.salesforceError, a.salesforceDescription].filter(Boolean).join(" · "),
  },
  { header: "Time", cell: (a: Attempt) => formatDuration(a.durationMs), className: "whitespace-nowrap" },
];

function AttemptTable({ attempts }: { attempts: TestRunView["attempts"] }) {
  return (
    <Table
      label="Token attempts"
      columns={ATTEMPT_COLUMNS}
      rows={attempts.map((a, i) => ({ ...a, id: String(i) }))}
      empty={null}
    />
  );
}

type HistoryProps = { runs: TestRunView[]; linkSteps: boolean; audience?: Audience };

export function TestHistory({ runs, linkSteps, audience = "staff" }: HistoryProps) {
  if (runs.length === 0) return <p className="text-sm text-slate-600">No tests yet.</p>;
  return (
    <ul className="space-y-2" aria-label="Test history">
      {runs.map((run) => (
        <li key={run.id}>
          <details className="rounded-md border border-slate-200 bg-white p-3" data-testid="test-run">
            <summary className="cursor-pointer text-sm">
              <span className="font-medium">{OUTCOME_TEXT[run.outcome]}</span> · {formatUtc(run.startedAt)} · by{" "}
              {run.ranByEmail ?? "unknown"}
              {run.ranByRole && run.ranByRole !== "customer" ? ` (${run.ranByRole})` : ""}
              {run.durationMs !== null ? ` · ${formatDuration(run.durationMs)}` : ""}
              {run.errorCode ? <span className="ml-2 font-mono text-xs text-red-800">{run.errorCode}</span> : null}
            </summary>
            <div className="mt-3 space-y-3">
              <TestVerdict run={run} linkSteps={linkSteps} audience={audience} />
              <StepList steps={run.steps} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
