import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { ACTIVITY_LIMIT } from "@/lib/connections/activity";
import { buildCustomerMessage } from "@/lib/connections/customer-message";
import { diagnosisFor } from "@/lib/salesforce/errors-audience";
import { missingForTest } from "@/lib/connections/readiness";
import { getStaffConnectionView } from "@/lib/connections/staff-view";
import { ActivityTimeline } from "./activity-timeline";
import { latestBundleDownload } from "@/lib/connections/salesforce-bundle";
import { ChecklistProgress } from "./checklist-progress";
import { ConnectionRecords } from "./connection-records";
import { CustomerCard } from "./customer-card";
import { StatusSummary } from "./status-summary";
import { ConnectionRetestForm } from "./retest-interval-form";

export const metadata = { title: "Connection · Support console" };

export default async function StaffConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermissionPage("connections:read-all");
  const connection = await getStaffConnectionView(user, (await params).id);
  if (!connection) notFound();
  const latest = connection.testRuns.find((run) => run.outcome !== "running");
  // The message speaks to the customer: a provider-side cause in the words the customer's page uses.
  const diagnosis = latest?.diagnosis && diagnosisFor(latest.diagnosis, "customer", latest.id);
  const message =
    latest && diagnosis
      ? buildCustomerMessage({
          connectionName: connection.name,
          outcome: latest.outcome,
          ...diagnosis,
          providerSideCause: diagnosis.fixableBy === "provider" ? diagnosis.cause : undefined,
        })
      : null;
  const certificate = connection.certificates.length > 0 || null;
  const retest = hasPermission(user.role, "tests:run-any")
    ? { disabledReason: missingForTest({ ...connection, certificate }, "staff") }
    : null;
  const tenant = { id: connection.tenantId, name: connection.tenant.name };
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
      <StatusSummary
        connection={connection}
        failingSince={connection.failingSince}
        latest={latest}
        history={connection.history}
        retest={retest}
      />
      <div className="grid gap-8 lg:grid-cols-2">
        <CustomerCard
          tenant={tenant}
          tenantHref={hasPermission(user.role, "tenants:manage") ? `/support/tenants/${tenant.id}` : null}
          users={connection.users}
          message={message}
        />
        <ChecklistProgress
          checklist={connection.checklist}
          bundle={await latestBundleDownload(connection.tenantId, connection.id)}
        />
      </div>
      {retest ? (
        <ConnectionRetestForm
          connectionId={connection.id}
          interval={connection.retestInterval}
          tenantInterval={connection.tenant.retestInterval}
          passedOnce={connection.lastSuccessAt !== null}
        />
      ) : null}
      <ActivityTimeline items={connection.activity} limit={ACTIVITY_LIMIT} />
      <ConnectionRecords user={user} connection={connection} />
    </div>
  );
}
