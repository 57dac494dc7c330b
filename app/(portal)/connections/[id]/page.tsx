import { missingForTest } from "@/lib/connections/readiness";
import { notFound } from "next/navigation";
import { testedFacts } from "@/components/collector-config";
import { StatusPill } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requireCustomerPage } from "@/lib/auth/session";
import { certificatesByState } from "@/lib/connections/certificate-states";
import { getRunHistories } from "@/lib/connections/history";
import type { HistoryRun } from "@/lib/connections/history-summary";
import { parseChecklistState } from "@/lib/connections/checklist";
import { firstConnectedAt, getConnection, listTestRuns } from "@/lib/connections/queries";
import { isPortalConsumerKey, latestBundleDownload } from "@/lib/connections/salesforce-bundle";
import { setupProgress, type SetupFacts } from "@/lib/connections/setup-progress";
import { isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { parseInstanceUrl } from "@/lib/salesforce/hosts";
import { ConnectionSetup, SetupFold } from "./connection-setup";
import { ConnectionSummary } from "./connection-summary";
import { CustomerHandoffSection } from "./handoff-section";
import { OpenStepOnHash } from "./open-step-on-hash";
import { SetupProgress } from "./setup-progress";
import { TestSection } from "./test-section";

// On the CLI path a verdict's manual checklist step has a CLI step that does the same: the app, its scopes, the
// certificate and the Client ID come with the deploy; the pre-authorization and the permissions with the assignment.
// On both paths, the My Domain is fixed in step 1.
const ALIASES: Record<string, string> = { "step-my-domain": "my-domain" };
const CLI_ALIASES: Record<string, string> = {
  ...ALIASES,
  "step-create-app": "step-cli-deploy",
  "step-scopes": "step-cli-deploy",
  "step-upload-certificate": "step-cli-deploy",
  "step-client-id": "step-cli-deploy",
  "step-permitted-users": "step-cli-assign",
  "step-permission-set": "step-cli-assign",
};

export const metadata = { title: "Connection · Salesforce JWT onboarding" };

export default async function ConnectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ renew?: string | string[] }>;
}) {
  const user = await requireCustomerPage();
  const { id } = await params;
  // The expiry reminder links here with ?renew=1: the certificate step unfolded, its renewal form open.
  const renewing = (await searchParams).renew === "1";
  // All reads are tenant-scoped, so they can run side by side; an unknown id finds nothing in any.
  const [connection, runs, collectingSince, histories, bundle] = await Promise.all([
    getConnection(user.tenantId, id),
    listTestRuns(user.tenantId, id),
    firstConnectedAt(user.tenantId, id),
    isUuid(id) ? getRunHistories([id], { tenantId: user.tenantId }) : new Map<string, HistoryRun[]>(),
    isUuid(id) ? latestBundleDownload(user.tenantId, id) : null,
  ]);
  if (!connection) notFound();
  // The certificate in use; a pending renewal is not proven until a test promotes it.
  const { active: current, pending } = certificatesByState(connection.certificates);
  const missing = missingForTest({ ...connection, certificate: current }, "customer");
  const { testedApiVersion, tested } = testedFacts(runs, connection.orgInstanceUrl);
  const latest = runs[0];
  const connected = latest?.outcome === "connected" || latest?.outcome === "warnings";
  // Proven with the current certificate: a replaced one is not in Salesforce until it is uploaded and tested.
  const settled = Boolean(connected && current && latest && current.createdAt.getTime() < Date.parse(latest.startedAt));
  // A renewal in progress keeps the certificate step in view (not folded), with its upload instructions.
  const folded = settled && !pending && !renewing;
  const facts: SetupFacts = {
    instanceUrl: connection.instanceUrl,
    username: connection.username,
    clientId: connection.clientId,
    hasCertificate: Boolean(current),
    ticked: parseChecklistState(connection.checklist),
    // A bundle made before the current certificate carries the old one: download and deploy again.
    bundleDownloaded: Boolean(bundle && current && bundle.certificateSerial === current.serialHex),
    connected: settled,
    certificateUnproven: connected && !settled,
  };
  const progress = setupProgress(facts);
  const portalKey = isPortalConsumerKey(connection.clientId);
  const onCliPath = Boolean(bundle) || portalKey;
  // The environment the URL implies is shown as "Detect", so a changed URL is detected again; only a choice that
  // differs from it (a sandbox on a production-looking URL) shows as that choice.
  const detected = connection.instanceUrl
    ? parseInstanceUrl(connection.instanceUrl, { extraOrigins: getEnv().SALESFORCE_EXTRA_ALLOWED_ORIGINS })
    : null;
  const environmentChoice =
    detected?.ok && detected.environment === connection.environment ? "auto" : (connection.environment ?? "auto");
  const setup = (
    <ConnectionSetup
      connection={connection}
      facts={facts}
      settled={settled}
      connected={connected}
      latest={latest}
      renewing={renewing}
      bundle={bundle}
      environmentChoice={environmentChoice}
      contactEmail={user.email}
      portalKey={portalKey}
      onCliPath={onCliPath}
    />
  );
  const testSection = <TestSection connection={connection} runs={runs} disabledReason={missing} numbered={!settled} />;
  return (
    <div className="space-y-8">
      <PageHeader title={connection.name} badge={<StatusPill status={connection.status} />} />
      <SetupProgress steps={progress.steps} current={progress.current} />
      <OpenStepOnHash aliases={onCliPath ? CLI_ALIASES : ALIASES} />
      {latest ? (
        <ConnectionSummary
          latest={latest}
          settled={settled}
          collectingSince={collectingSince}
          certificateExpiresAt={connection.certificateExpiresAt}
          history={histories.get(connection.id) ?? []}
        />
      ) : null}
      {/* Settled: re-testing sits right under the summary, the setup folded below it (the panel shows the latest run
          whichever place it mounts in). */}
      {folded ? testSection : <div className="space-y-8">{setup}</div>}
      {folded ? <SetupFold>{setup}</SetupFold> : testSection}
      <Section id="handoff" title="6. Collector hand-off">
        <CustomerHandoffSection
          tenantId={user.tenantId}
          connectionId={connection.id}
          collector={{ ...connection, ...tested }}
          testedApiVersion={testedApiVersion}
        />
      </Section>
    </div>
  );
}
