import type { ReactNode } from "react";
import { Section } from "@/components/ui/section";
import { certificatesByState } from "@/lib/connections/certificate-states";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";
import type { getConnection } from "@/lib/connections/queries";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { certificateSize } from "@/lib/crypto/certificate-file";
import { CertificateSection } from "./certificate-section";
import { Checklist } from "./checklist";
import { SalesforceFieldsForm } from "./salesforce-fields-form";

type Props = {
  connection: NonNullable<Awaited<ReturnType<typeof getConnection>>>;
  // Connected and proven with the current certificate.
  settled: boolean;
  // The latest test connected (with any certificate).
  connected: boolean;
  latest: TestRunView | undefined;
  renewing?: boolean;
};

// Steps 1 to 3: the certificate, the Salesforce checklist, the connection fields.
export function ConnectionSetup({ connection, settled, connected, latest, renewing }: Props) {
  const current = certificatesByState(connection.certificates).active;
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
  return (
    <>
      <CertificateSection
        connectionId={connection.id}
        certificates={connection.certificates}
        organizationName={connection.tenant.name}
        needsUpload={!settled}
        renewing={renewing}
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
}

// Once connected, the setup is history: folded below the summary, one click away.
export function SetupFold({ children }: { children: ReactNode }) {
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4" data-testid="setup-details">
      <summary className="cursor-pointer py-1 font-medium">
        Setup details: certificate, Salesforce setup, fields
      </summary>
      <div className="mt-4 space-y-8">{children}</div>
    </details>
  );
}
