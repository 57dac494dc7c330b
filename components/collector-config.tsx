import { CopyButton } from "@/components/copy-button";
import { collectorConfig, type CollectorConnection, type CollectorTestFacts } from "@/lib/connections/collector-config";

// Shown once a test has saved a working pair: the values the log collector needs, ready to paste.
// `tested` (from the latest run) tailors the log file interval, the object option and the instance URL.
export function CollectorConfig({
  connection,
  testedApiVersion,
  tested,
}: {
  connection: CollectorConnection;
  testedApiVersion: string | null;
  tested?: CollectorTestFacts;
}) {
  const config = collectorConfig({ ...connection, ...tested }, testedApiVersion);
  if (!config) return null;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4" data-testid="collector-config">
      <summary className="cursor-pointer font-medium">Collector configuration</summary>
      {config.warning ? (
        <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {config.warning}
        </p>
      ) : null}
      {config.notes.length > 0 ? (
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {config.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      {[
        { label: "Filebeat salesforce input", text: config.filebeat },
        { label: "Elastic Agent integration settings", text: config.agent },
        { label: "Environment variables for scripts", text: config.env },
      ].map((block) => (
        <div key={block.label} className="mt-3 space-y-1">
          <div className="flex items-center gap-2">
            <h4 className="text-sm font-medium">{block.label}</h4>
            <CopyButton value={block.text} label={block.label} />
          </div>
          <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{block.text}</pre>
        </div>
      ))}
    </details>
  );
}

// What the latest runs tell the collector: the API version a test settled on and the org's log readiness.
export function testedFacts(
  runs: readonly { apiVersion: string | null; collector: CollectorTestFacts["readiness"] }[],
  tokenInstanceUrl: string | null,
) {
  return {
    testedApiVersion: runs.find((r) => r.apiVersion)?.apiVersion ?? null,
    tested: { readiness: runs.find((r) => r.collector)?.collector ?? null, tokenInstanceUrl },
  };
}
