import { missingForTest } from "@/lib/connections/readiness";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { testedFacts } from "@/components/collector-config";
import { StatusPill } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requireCustomerPage } from "@/lib/auth/session";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";
import { firstConnectedAt, getConnection, listTestRuns } from "@/lib/connections/queries";
import { certificateSize } from "@/lib/crypto/certificate-file";
import { CertificateSection } from "./certificate-section";
import { Checklist } from "./checklist";
import { ConnectionSummary } from "./connection-summary";
import { CustomerHandoffSection } from "./handoff-section";
import { SalesforceFieldsForm } from "./salesforce-fields-form";
import { TestSection } from "./test-section";

export const metadata = { title: "Connection · Salesforce JWT onboarding" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireCustomerPage();
  const { id } = await params;
  // All reads are tenant-scoped, so they can run side by side; an unknown id finds nothing in any.
  const [connection, runs, collectingSince] = await Promise.all([
    getConnection(user.tenantId, id),
    listTestRuns(user.tenantId, id),
    firstConnectedAt(user.tenantId, id),
  ]);
  if (!connection) notFound();
  const current = connection.certificates[0];
  const checklist = buildChecklist({
    instanceUrl: connection.instanceUrl,
    username: connection.username,
    certificate: current
      ? {
          fingerprintSha256: current.fingerprintSha256,
          serialHex: current.serialHex,
          notAfter: current.notAfter,
          uploadFormat: certificateSize(current.certificatePem).uploadFormat,
        }
      : null,
  });
  const missing = missingForTest({ ...connection, certificate: current }, "customer");
  const { testedApiVersion, tested } = testedFacts(runs, connection.orgInstanceUrl);
  const latest = runs[0];
  const connected = latest?.outcome === "connected" || latest?.outcome === "warnings";
  // Proven with the current certificate: a replaced one is not in Salesforce until it is uploaded and tested.
  const settled = Boolean(connected && current && latest && current.createdAt.getTime() < Date.parse(latest.startedAt));
  const setup = (
    <>
      <CertificateSection
        connectionId={connection.id}
        certificates={connection.certificates}
        organizationName={connection.tenant.name}
        needsUpload={!settled}
      />
      <Section id="setup" title="2. Salesforce setup">
        <Checklist
          connectionId={connection.id}
          items={checklist}
          done={parseChecklistState(connection.checklist)}
          verifiedAt={settled ? latest?.startedAt : null}
        />
      </Section>
      <Section id="fields" title="3. Connection fields">
        <SalesforceFieldsForm connectionId={connection.id} saved={connection} keyVerified={connected} />
      </Section>
    </>
  );
  const testSection = <TestSection connection={connection} runs={runs} disabledReason={missing} numbered={!settled} />;
  return (
    <div className="space-y-8">
      <PageHeader title={connection.name} badge={<StatusPill status={connection.status} />} />
      {latest ? (
        <ConnectionSummary
          latest={latest}
          settled={settled}
          collectingSince={collectingSince}
          certificateExpiresAt={connection.certificateExpiresAt}
        />
      ) : null}
      {/* Settled: re-testing sits right under the summary, the setup folded below it (the panel shows the latest run
          whichever place it mounts in). */}
      {settled ? testSection : <div className="space-y-8">{setup}</div>}
      {settled ? <SetupFold>{setup}</SetupFold> : testSection}
      <Section id="handoff" title="5. Collector hand-off">
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

// Once connected, the setup is history: folded below the summary, one click away.
function SetupFold({ children }: { children: ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4" data-testid="setup-details">
      <summary className="cursor-pointer py-1 font-medium">
        Setup details: certificate, Salesforce setup, fields
      </summary>
      <div className="mt-4 space-y-8">{children}</div>
    </details>
  );
}
