import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/table";
import { requireCustomerPage } from "@/lib/auth/session";
import { listConnections } from "@/lib/connections/queries";
import { daysUntil, formatRelative, formatUtc } from "@/lib/dates";
import { NewConnectionForm } from "./new-connection-form";

export const metadata = { title: "Connections · Salesforce JWT onboarding" };

export default async function ConnectionsPage() {
  const user = await requireCustomerPage();
  const connections = await listConnections(user.tenantId);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Connections"
        description="Each connection is one Salesforce org the log collector reads from."
      />
      {connections.length === 0 ? (
        <EmptyState>
          No connections yet. Create one to generate the certificate for your External Client App.
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
          aria-label="Your connections"
        >
          {connections.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
              <span className="flex min-w-0 flex-col gap-1">
                <Link href={`/connections/${c.id}`} className="font-medium text-blue-700 underline">
                  {c.name}
                </Link>
                {c.instanceUrl ? (
                  <span className="text-sm wrap-anywhere text-slate-600">{new URL(c.instanceUrl).host}</span>
                ) : null}
              </span>
              <span className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
                <span data-testid="last-test">
                  {c.lastTestedAt ? `Last test ${formatRelative(c.lastTestedAt)}` : "Not tested yet"}
                </span>
                <Expiry expiresAt={c.certificateExpiresAt} />
                <StatusBadge status={c.status} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <NewConnectionForm />
    </div>
  );
}

function Expiry({ expiresAt }: { expiresAt: Date | null }) {
  if (!expiresAt) return <span>No certificate yet</span>;
  const days = daysUntil(expiresAt);
  const date = formatUtc(expiresAt).slice(0, 10);
  return (
    <span data-testid="certificate-expiry" className={days < 30 ? "font-semibold text-red-700" : undefined}>
      {days < 0
        ? `Certificate expired on ${date}`
        : `Certificate expires ${date} (${days} ${days === 1 ? "day" : "days"} left)`}
    </span>
  );
}
