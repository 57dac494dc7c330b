import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { CollectorConfig } from "@/components/collector-config";
import { StatusBadge } from "@/components/status-badge";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { TestHistory } from "@/components/test-run-details";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { AUDIT_LIMIT, getStaffConnectionDetail, TEST_HISTORY_LIMIT } from "@/lib/connections/queries";
import { missingForTest } from "@/lib/connections/readiness";
import { AuditEntries } from "./audit-entries";
import { StaffHandoffSection } from "./handoff-section";

export const metadata = { title: "Connection · Support console" };

export default async function StaffConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermissionPage("connections:read-all");
  const connection = await getStaffConnectionDetail((await params).id);
  if (!connection) notFound();
  const [current, ...older] = connection.certificates;

  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <p className="text-sm text-slate-600">
          <Link href="/support" className="text-blue-700 underline">
            Dashboard
          </Link>{" "}
          / {connection.tenant.name}
        </p>
        <div className="flex items-center justify-between gap-4">
          <h1 className="text-2xl font-semibold">{connection.name}</h1>
          <StatusBadge status={connection.status} />
        </div>
      </div>

      {hasPermission(user.role, "tests:run-any") ? (
        <section aria-labelledby="test-heading" className="space-y-3">
          <h2 id="test-heading" className="text-xl font-semibold">
            Test connection
          </h2>
          <p className="text-sm text-slate-600">Runs the live test against the customer&apos;s org, recorded as you.</p>
          <TestConnectionPanel
            connectionId={connection.id}
            linkSteps={false}
            disabledReason={
              missingForTest({ ...connection, certificate: current }, "staff")
            }
          />
        </section>
      ) : null}

      <section aria-labelledby="fields-heading" className="space-y-3">
        <h2 id="fields-heading" className="text-xl font-semibold">
          Salesforce fields
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm">
          <Item label="Tenant">{connection.tenant.name}</Item>
          <Item label="Environment">{connection.environment}</Item>
          <Item label="Salesforce username">{connection.username}</Item>
          <Item label="Consumer key (client id)" mono>
            {connection.clientId}
          </Item>
          <Item label="Instance URL">{connection.instanceUrl}</Item>
          <Item label="API version">{connection.apiVersion}</Item>
          <Item label="Last tested">{connection.lastTestedAt ? formatUtc(connection.lastTestedAt) : "Never"}</Item>
          <Item label="Created">{formatUtc(connection.createdAt)}</Item>
        </dl>
      </section>

      <section aria-labelledby="pair-heading" className="space-y-3">
        <h2 id="pair-heading" className="text-xl font-semibold">
          Saved host and audience
        </h2>
        {connection.tokenHost || connection.audience ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm" aria-label="Saved host and audience pair">
            <Item label="Token host" mono>
              {connection.tokenHost}
            </Item>
            <Item label="Audience" mono>
              {connection.audience}
            </Item>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">None saved yet: the pair is saved by the first successful test.</p>
        )}
        <CollectorConfig
          connection={connection}
          testedApiVersion={connection.testRuns.find((r) => r.apiVersion)?.apiVersion ?? null}
          tested={{ readiness: connection.testRuns.find((r) => r.collector)?.collector ?? null, tokenInstanceUrl: connection.orgInstanceUrl }}
        />
      </section>

      <StaffHandoffSection
        user={user}
        connectionId={connection.id}
        tenantId={connection.tenantId}
        collector={{ ...connection, readiness: connection.testRuns.find((r) => r.collector)?.collector ?? null, tokenInstanceUrl: connection.orgInstanceUrl }}
        testedApiVersion={connection.testRuns.find((r) => r.apiVersion)?.apiVersion ?? null}
      />

      <section aria-labelledby="certificates-heading" className="space-y-3">
        <h2 id="certificates-heading" className="text-xl font-semibold">
          Certificates
        </h2>
        {current ? (
          <>
            <CertificateCard certificate={current} />
            <EarlierCertificates certificates={older} />
          </>
        ) : (
          <p className="text-sm text-slate-600">No certificate yet: the customer has not generated one.</p>
        )}
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-semibold">
          Test history
        </h2>
        {connection.testRuns.length === TEST_HISTORY_LIMIT ? <p className="text-sm text-slate-600">The latest {TEST_HISTORY_LIMIT} runs, newest first.</p> : null}
        <TestHistory runs={connection.testRuns} linkSteps={false} />
      </section>

      <section aria-labelledby="audit-heading" className="space-y-3">
        <h2 id="audit-heading" className="text-xl font-semibold">
          Audit entries
        </h2>
        <p className="text-sm text-slate-600">The latest {AUDIT_LIMIT} entries about this connection, its certificates and its tests, newest first.</p>
        <AuditEntries events={connection.auditEvents} />
      </section>
    </div>
  );
}

function Item({ label, mono = false, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className={mono ? "break-all font-mono text-xs" : "break-all"}>{children ?? <span className="text-slate-600">Not set</span>}</dd>
    </>
  );
}
