import { missingForTest } from "@/lib/connections/readiness";
import { notFound } from "next/navigation";
import { testedFacts } from "@/components/collector-config";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { requireCustomerPage } from "@/lib/auth/session";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";
import { getConnection, listTestRuns } from "@/lib/connections/queries";
import { certificateSize } from "@/lib/crypto/certificate-file";
import { CertificateSection } from "./certificate-section";
import { Checklist } from "./checklist";
import { CustomerHandoffSection } from "./handoff-section";
import { SalesforceFieldsForm } from "./salesforce-fields-form";
import { TestSection } from "./test-section";

export const metadata = { title: "Connection · Salesforce JWT onboarding" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireCustomerPage();
  const { id } = await params;
  // Both reads are tenant-scoped, so they can run side by side; an unknown id finds nothing in either.
  const [connection, runs] = await Promise.all([getConnection(user.tenantId, id), listTestRuns(user.tenantId, id)]);
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
  return (
    <div className="space-y-8">
      <PageHeader title={connection.name} badge={<StatusBadge status={connection.status} />} />
      <CertificateSection connectionId={connection.id} certificates={connection.certificates} />
      <Section id="setup" title="2. Salesforce setup">
        <Checklist connectionId={connection.id} items={checklist} done={parseChecklistState(connection.checklist)} />
      </Section>
      <Section id="fields" title="3. Connection fields">
        <SalesforceFieldsForm connectionId={connection.id} saved={connection} />
      </Section>
      <TestSection connection={connection} runs={runs} disabledReason={missing} />
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
