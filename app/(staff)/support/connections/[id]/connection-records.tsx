import { randomUUID } from "node:crypto";
import { AuditTable } from "@/components/audit-table";
import { CollectorConfig, testedFacts } from "@/components/collector-config";
import { RestoreCertificateForm } from "@/components/restore-certificate-form";
import { TestHistory } from "@/components/test-run-details";
import { Section } from "@/components/ui/section";
import { hasPermission } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { AUDIT_LIMIT, TEST_HISTORY_LIMIT } from "@/lib/connections/queries";
import type { StaffConnectionView } from "@/lib/connections/staff-view";
import { StaffHandoffSection } from "./handoff-section";
import { restoreCertificateStaffAction } from "./actions";
import { StaffRenewCertificateForm } from "./renew-certificate-form";
import { ConnectionFields, SavedPair, StaffCertificates } from "./staff-sections";

// The connection's records below the summary: its fields, the saved pair, the hand-off, certificates, every run in
// full and the raw audit entries.
export function ConnectionRecords({ user, connection }: { user: SessionUser; connection: StaffConnectionView }) {
  const { testedApiVersion, tested } = testedFacts(connection.testRuns, connection.orgInstanceUrl);
  return (
    <>
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
        {hasPermission(user.role, "certificates:renew-any") ? (
          <StaffCertificates
            certificates={connection.certificates}
            renew={<StaffRenewCertificateForm connectionId={connection.id} requestToken={randomUUID()} />}
            restore={(certificateId) => (
              <RestoreCertificateForm
                action={restoreCertificateStaffAction}
                connectionId={connection.id}
                certificateId={certificateId}
              />
            )}
          />
        ) : (
          <StaffCertificates certificates={connection.certificates} renew={null} />
        )}
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
    </>
  );
}
