import { CollectorConfig, testedFacts } from "@/components/collector-config";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { TestHistory } from "@/components/test-run-details";
import { Section } from "@/components/ui/section";
import type { CollectorConnection } from "@/lib/connections/collector-config";
import type { TestRunView } from "@/lib/connections/test-run-view";

type Connection = CollectorConnection & {
  id: string;
  tokenHost: string | null;
  audience: string | null;
  orgInstanceUrl: string | null;
};

// Step 5: the pair a passing test saved, the collector settings, the test itself and its history.
export function TestSection({
  connection,
  runs,
  disabledReason,
  numbered,
}: {
  connection: Connection;
  runs: TestRunView[];
  disabledReason?: string;
  // Step 5 of the setup; once connected, re-testing stands on its own under the summary.
  numbered: boolean;
}) {
  const { testedApiVersion, tested } = testedFacts(runs, connection.orgInstanceUrl);
  return (
    <Section id="test" title={numbered ? "5. Test connection" : "Test connection"}>
      <TestConnectionPanel
        connectionId={connection.id}
        disabledReason={disabledReason}
        linkSteps
        audience="customer"
        initialRun={runs[0] ?? null}
      />
      {connection.tokenHost && connection.audience ? (
        <details className="rounded-md border border-slate-200 bg-white p-4 text-sm">
          <summary className="cursor-pointer py-1 font-medium">Token host and audience for the collector</summary>
          <p className="mt-2 wrap-anywhere text-slate-700" data-testid="saved-pair">
            Configure the collector with token host <code>{connection.tokenHost}</code> and audience (JWT URL){" "}
            <code>{connection.audience}</code>.
          </p>
        </details>
      ) : null}
      <CollectorConfig connection={connection} testedApiVersion={testedApiVersion} tested={tested} />
      <h3 className="font-semibold">History</h3>
      <TestHistory runs={runs} linkSteps audience="customer" />
    </Section>
  );
}
