import { AuditTable } from "@/components/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requirePermissionPage } from "@/lib/auth/session";
import { searchAuditLog } from "@/lib/audit/queries";
import { auditFiltersSchema, type AuditFilters } from "@/lib/audit/schemas";
import { AuditLogFilters } from "./audit-filters";

export const metadata = { title: "Audit log · Support console" };

type SearchParams = Record<string, string | string[] | undefined>;

function pageHref(filters: AuditFilters, before?: string): string {
  const entries = Object.entries({ ...filters, before }).filter(
    (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
  );
  return `/support/audit${entries.length ? `?${new URLSearchParams(entries)}` : ""}`;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermissionPage("audit:read");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filters = auditFiltersSchema.parse(raw);
  const { entries, nextBefore } = await searchAuditLog(filters);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Sign-ins, invitations, certificates, tests, connection and user changes. Newest first; times in UTC."
      />
      {/* Keyed by the query: the Clear link navigates client-side, and uncontrolled fields must show the new values. */}
      <AuditLogFilters key={pageHref(filters)} filters={filters} />
      <AuditTable entries={entries} showTenant empty="No audit entries match these filters." />
      <Pagination
        first={filters.before ? pageHref(filters) : null}
        next={nextBefore ? pageHref(filters, nextBefore) : null}
        status={filters.before ? "Older entries" : "Newest entries"}
      />
    </div>
  );
}
