import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/table";
import { requireCustomerPage } from "@/lib/auth/session";
import { listConnections } from "@/lib/connections/queries";
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
            <li key={c.id} className="flex items-center justify-between px-4 py-3">
              <Link href={`/connections/${c.id}`} className="font-medium text-blue-700 underline">
                {c.name}
              </Link>
              <span className="flex items-center gap-3 text-sm text-slate-600">
                {c.instanceUrl ? <span>{new URL(c.instanceUrl).host}</span> : null}
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
