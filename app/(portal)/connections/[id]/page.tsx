import { randomUUID } from "node:crypto";
import { notFound } from "next/navigation";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { CollectorConfig } from "@/components/collector-config";
import { StatusBadge } from "@/components/status-badge";
import { requireCustomerPage } from "@/lib/auth/session";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { TestHistory } from "@/components/test-run-details";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";
import { getConnection, listTestRuns } from "@/lib/connections/queries";
import { missingForTest } from "@/lib/connections/readiness";
import { certificateSize } from "@/lib/crypto/certificate-file";
import { CertificateForm } from "./certificate-form";
import { Checklist } from "./checklist";
import { CustomerHandoffSection } from "./handoff-section";
import { SalesforceFieldsForm } from "./salesforce-fields-form";

export const metadata = { title: "Connection · Salesforce JWT onboarding" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireCustomerPage();
  const { id } = await params;
  // Both reads are tenant-scoped, so they can run side by side; an unknown id finds nothing in either.
  const [connection, runs] = await Promise.all([getConnection(user.tenantId, id), listTestRuns(user.tenantId, id)]);
  if (!connection) notFound();
  const [current, ...older] = connection.certificates;
  const checklist = buildChecklist({
    instanceUrl: connection.instanceUrl,
    username: connection.username,
    certificate: current
      ? { fingerprintSha256: current.fingerprintSha256, serialHex: current.serialHex, notAfter: current.notAfter, uploadFormat: certificateSize(current.certificatePem).uploadFormat }
      : null,
  });
  const missing = missingForTest({ ...connection, certificate: current }, "customer");
  return (
    <div className="space-y-8">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{connection.name}</h1>
        <StatusBadge status={connection.status} />
      </div>
      <section aria-labelledby="certificate-heading" className="space-y-4">
        <h2 id="certificate-heading" className="text-xl font-semibold">
          1. Certificate
        </h2>
        {current ? (
          <>
            <CertificateCard certificate={current} />
            <details className="rounded-md border border-slate-200 bg-white p-4">
              <summary className="cursor-pointer font-medium">Generate a new certificate</summary>
              <p className="my-3 text-sm text-slate-600">
                A new key pair replaces the current one for Test connection. Upload the new server.crt to your External Client App afterwards.
              </p>
              <CertificateForm connectionId={connection.id} requestToken={randomUUID()} defaults={current.subject as Record<string, string>} />
            </details>
          </>
        ) : (
          <>
            <p className="text-slate-600">
              Enter your organization&apos;s details. The portal generates the RSA key pair and a self-signed certificate; the private key never
              leaves the server and is stored encrypted.
            </p>
            <CertificateForm connectionId={connection.id} requestToken={randomUUID()} />
          </>
        )}
        <EarlierCertificates certificates={older} />
      </section>
      <section aria-labelledby="setup-heading" className="space-y-4">
        <h2 id="setup-heading" className="text-xl font-semibold">
          2. Salesforce setup
        </h2>
        <Checklist connectionId={connection.id} items={checklist} done={parseChecklistState(connection.checklist)} />
      </section>
      <section aria-labelledby="fields-heading" className="space-y-4">
        <h2 id="fields-heading" className="text-xl font-semibold">
          3. Connection fields
        </h2>
        <SalesforceFieldsForm connectionId={connection.id} saved={connection} />
      </section>
      <section aria-labelledby="test-heading" className="space-y-4">
        <h2 id="test-heading" className="text-xl font-semibold">
          4. Test connection
        </h2>
        {connection.tokenHost && connection.audience ? (
          <p className="text-sm text-slate-700" data-testid="saved-pair">
            Configure the collector with token host <code>{connection.tokenHost}</code> and audience (JWT URL) <code>{connection.audience}</code>.
          </p>
        ) : null}
        <CollectorConfig
          connection={connection}
          testedApiVersion={runs.find((r) => r.apiVersion)?.apiVersion ?? null}
          tested={{ readiness: runs.find((r) => r.collector)?.collector ?? null, tokenInstanceUrl: connection.orgInstanceUrl }}
        />
        <TestConnectionPanel connectionId={connection.id} disabledReason={missing} linkSteps />
        <h3 className="font-semibold">History</h3>
        <TestHistory runs={runs} linkSteps />
      </section>
      <section aria-labelledby="handoff-heading" className="space-y-4">
        <h2 id="handoff-heading" className="text-xl font-semibold">
          5. Collector hand-off
        </h2>
        <CustomerHandoffSection
          tenantId={user.tenantId}
          connectionId={connection.id}
          collector={{ ...connection, readiness: runs.find((r) => r.collector)?.collector ?? null, tokenInstanceUrl: connection.orgInstanceUrl }}
          testedApiVersion={runs.find((r) => r.apiVersion)?.apiVersion ?? null}
        />
      </section>
    </div>
  );
}
