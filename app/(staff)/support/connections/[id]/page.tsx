import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/audit-table";
import { CollectorConfig, testedFacts } from "@/components/collector-config";
import { StatusBadge } from "@/components/status-badge";
import { TestHistory } from "@/components/test-run-details";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { AUDIT_LIMIT, getStaffConnectionDetail, TEST_HISTORY_LIMIT } from "@/lib/connections/queries";
import { StaffHandoffSection } from "./handoff-section";
import { ConnectionFields, SavedPair, StaffCertificates, StaffTestSection } from "./staff-sections";

export const metadata = { title: "Connection · Support console" };

export default async function StaffConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermissionPage("connections:read-all");
  const connection = await getStaffConnectionDetail((await params).id);
  if (!connection) notFound();
  const { testedApiVersion, tested } = testedFacts(connection.testRuns, connection.orgInstanceUrl);
  const breadcrumb = (
    <>
      <Link href="/support" className="text-blue-700 underline">
        Dashboard
      </Link>{" "}
      / {connection.tenant.name}
    </>
  );

  return (
    <div className="space-y-8">
      <PageHeader title={connection.name} badge={<StatusBadge status={connection.status} />} breadcrumb={breadcrumb} />
      {hasPermission(user.role, "tests:run-any") ? (
        <StaffTestSection connection={connection} hasCertificate={connection.certificates.length > 0} />
      ) : null}
      <Section id="fields" title="Salesforce fields">
        <ConnectionFields connection={connection} />
      </Section>
      <Section id="pair" title="Saved host and audience">
        <SavedPair connection={connection} />
        <CollectorConfig connection={connection} testedApiVersion={testedApiVersion} tested={tested} />
      </Section>
      <StaffHandoffSection
        user={user}
        connectionId={connection.id}
        tenantId={connection.tenantId}
        collector={{ ...connection, ...tested }}
        testedApiVersion={testedApiVersion}
      />
      <Section id="certificates" title="Certificates">
        <StaffCertificates certificates={connection.certificates} />
      </Section>
      <Section
        id="history"
        title="Test history"
        description={
          connection.testRuns.length === TEST_HISTORY_LIMIT
            ? `The latest ${TEST_HISTORY_LIMIT} runs, newest first.`
            : undefined
        }
      >
        <TestHistory runs={connection.testRuns} linkSteps={false} />
      </Section>
      <Section
        id="audit"
        title="Audit entries"
        description={`The latest ${AUDIT_LIMIT} entries about this connection, its certificates and its tests, newest first.`}
      >
        <AuditTable
          entries={connection.auditEvents}
          omitDetail="connectionId"
          empty="No audit entries for this connection yet."
        />
      </Section>
    </div>
  );
}
