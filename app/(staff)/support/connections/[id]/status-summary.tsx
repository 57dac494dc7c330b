import { DiagnosisText } from "@/components/diagnosis-text";
import { HistoryStrip } from "@/components/history-strip";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { Section } from "@/components/ui/section";
import { CONNECTION_STATUS, type ConnectionStatus } from "@/lib/connections/status";
import { checklistStepName } from "@/lib/connections/customer-message";
import type { HistoryRun } from "@/lib/connections/history-summary";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { formatUtc } from "@/lib/dates";

const DAY_MS = 86_400_000;

const STATUS_TONE: Record<ConnectionStatus, string> = {
  never_tested: "text-slate-800",
  connected: "text-green-800",
  warnings: "text-amber-900",
  failed: "text-red-800",
};

function failingFor(since: Date, now = Date.now()): string {
  const days = Math.floor((now - since.getTime()) / DAY_MS);
  return days < 1 ? "less than a day" : `${days} day${days === 1 ? "" : "s"}`;
}

type Props = {
  connection: { id: string; status: ConnectionStatus; lastTestedAt: Date | null };
  failingSince: Date | null;
  latest: TestRunView | undefined;
  history: readonly HistoryRun[];
  // Re-test: the staff run of Test connection; null when the user may not run it (or why it cannot run yet).
  retest: { disabledReason?: string } | null;
};

// The page's first answer: the status in large type, since when it fails, the latest verdict in full, and Re-test.
export function StatusSummary({ connection, failingSince, latest, history, retest }: Props) {
  return (
    <Section id="status" title="Status">
      <div className="space-y-1">
        <p className={`text-3xl font-semibold ${STATUS_TONE[connection.status]}`} data-testid="staff-status">
          {CONNECTION_STATUS[connection.status].label}
        </p>
        <p className="text-sm text-slate-700">
          {failingSince ? (
            <span data-testid="failing-since">
              Failing since {formatUtc(failingSince)} ({failingFor(failingSince)}).{" "}
            </span>
          ) : null}
          {connection.lastTestedAt ? `Last tested ${formatUtc(connection.lastTestedAt)}.` : "Never tested."}
        </p>
      </div>
      <HistoryStrip runs={history} />
      {latest ? <LatestVerdict run={latest} /> : null}
      {retest ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">
            Re-test runs the live test against the customer&apos;s org, recorded as you.
          </p>
          <TestConnectionPanel connectionId={connection.id} linkSteps={false} disabledReason={retest.disabledReason} />
        </div>
      ) : null}
    </Section>
  );
}

const VERDICT_TONE = {
  running: "border-blue-200 bg-blue-50",
  connected: "border-green-300 bg-green-50",
  warnings: "border-amber-300 bg-amber-50",
  failed: "border-red-300 bg-red-50",
} as const;

// The stored run's verdict, expanded: title, cause, the technical fix, the checklist step, and Salesforce's own words.
function LatestVerdict({ run }: { run: TestRunView }) {
  const d = run.diagnosis;
  const step = checklistStepName(d?.checklistStep);
  return (
    <div
      aria-label="Latest verdict"
      role="group"
      className={`space-y-1 rounded-md border p-4 text-sm ${VERDICT_TONE[run.outcome]}`}
    >
      <p className="text-slate-700">
        Latest test: {formatUtc(run.startedAt)}, by {run.ranByEmail ?? "an unknown user"}.
        {d ? null : ` ${run.summary ?? ""}`}
      </p>
      {d ? (
        <>
          <DiagnosisText
            diagnosis={d}
            audience="staff"
            reference={run.id}
            title={{ className: "text-base font-semibold", testId: "latest-diagnosis" }}
          >
            {step ? (
              <p>
                <span className="font-medium">Checklist: </span>
                {step.charAt(0).toUpperCase() + step.slice(1)}
              </p>
            ) : null}
          </DiagnosisText>
        </>
      ) : null}
    </div>
  );
}
