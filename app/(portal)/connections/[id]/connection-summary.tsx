import Link from "next/link";
import { HistoryStrip } from "@/components/history-strip";
import { DefinitionList } from "@/components/ui/definition-list";
import { Section } from "@/components/ui/section";
import type { HistoryRun } from "@/lib/connections/history-summary";
import { CONNECTION_STATUS } from "@/lib/connections/status";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { daysUntil, formatRelative, formatUtc } from "@/lib/dates";

type Props = {
  latest: TestRunView;
  // Connected and proven with the current certificate: the customer is done.
  settled: boolean;
  collectingSince: Date | null;
  certificateExpiresAt: Date | null;
  history: readonly HistoryRun[];
};

const PRIMARY = "inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800";

// What a returning customer needs first: where the connection stands, and, once it works, that they are done.
export function ConnectionSummary({ latest, settled, collectingSince, certificateExpiresAt, history }: Props) {
  const expiry = certificateExpiresAt ? formatUtc(certificateExpiresAt).slice(0, 10) : null;
  const days = certificateExpiresAt ? daysUntil(certificateExpiresAt) : null;
  const failing = latest.outcome === "failed";
  return (
    <Section id="summary" title="Status">
      {settled ? (
        <div
          className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-green-950"
          data-testid="end-state"
        >
          <p className="text-lg font-semibold">
            Your Salesforce org is connected. Event logs will be collected from{" "}
            {collectingSince ? formatUtc(collectingSince) : "now"}; you don&apos;t need to do anything else.
          </p>
          <p>
            We will email you if the connection stops working
            {expiry ? `, and 30 days before the certificate expires on ${expiry}` : ""}.
          </p>
          <Link href="/connections" className={PRIMARY}>
            Back to your connections
          </Link>
        </div>
      ) : null}
      <DefinitionList
        boxed
        label="Connection status"
        items={[
          {
            term: "Last tested",
            definition: (
              <time dateTime={latest.startedAt} title={formatUtc(latest.startedAt)}>
                {formatRelative(latest.startedAt)}
              </time>
            ),
            testId: "last-tested",
          },
          {
            term: "Last result",
            definition: (
              <>
                {latest.outcome === "running" ? "Running" : CONNECTION_STATUS[latest.outcome].label}
                {latest.diagnosis ? `: ${latest.diagnosis.title}` : ""}
                {failing || latest.diagnosis ? (
                  <>
                    {" "}
                    <a href="#test" className="text-blue-700 underline">
                      {failing ? "See why and how to fix it" : "See the details"}
                    </a>
                  </>
                ) : null}
              </>
            ),
          },
          { term: "Recent tests", definition: <HistoryStrip runs={history} /> },
          {
            term: "Certificate expires",
            // Salesforce keeps accepting an expired certificate for JWT: expiry is a policy matter, never an outage.
            definition: expiry ? (
              <>
                {`${expiry} (${days !== null && days < 0 ? "expired" : `${days} ${days === 1 ? "day" : "days"} left`}). `}
                <span className="text-slate-600">
                  Salesforce keeps accepting it after that date, so collection does not stop. Renew it when your
                  security policy asks:{" "}
                  <a href="#certificate" className="text-blue-700 underline">
                    Renew certificate
                  </a>{" "}
                  keeps the connection working throughout.
                </span>
              </>
            ) : null,
          },
        ]}
      />
    </Section>
  );
}
