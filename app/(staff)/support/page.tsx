import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requirePermissionPage } from "@/lib/auth/session";
import { getDashboard } from "@/lib/dashboard/queries";
import { dashboardHref, parseDashboardFilter } from "@/lib/dashboard/schemas";
import { DashboardFilters } from "./dashboard-filters";
import { DashboardTable } from "./dashboard-table";
import { StatusCounts } from "./status-counts";

export const metadata = { title: "Support dashboard · Salesforce JWT onboarding" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportDashboardPage({ searchParams }: Props) {
  await requirePermissionPage("connections:read-all");
  const filter = parseDashboardFilter(await searchParams);
  const { total, rows, counts, pageCount, pageSize } = await getDashboard(filter);
  const { page } = filter;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const go = (to: number, enabled: boolean) => (enabled ? dashboardHref(filter, { page: to }) : null);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Connections"
        description="Every tenant's Salesforce connections, their latest test and certificate expiry."
      />
      <StatusCounts filter={filter} counts={counts} />
      {/* Keyed by the filter: links navigate client-side, and uncontrolled fields must show the new values. */}
      <DashboardFilters key={dashboardHref(filter)} filter={filter} />
      <p role="status" className="text-sm text-slate-700">
        {total === 0
          ? "No connections match these filters."
          : first > total
            ? `Page ${page} is past the end: there are ${pageCount} pages.`
            : `Showing ${first}–${last} of ${total} connections`}
      </p>
      <DashboardTable rows={rows} filter={filter} />
      <Pagination
        first={go(1, page > 1)}
        previous={go(Math.min(page - 1, pageCount), page > 1)}
        status={`Page ${page} of ${pageCount}`}
        next={go(page + 1, page < pageCount)}
        last={go(pageCount, page < pageCount)}
      />
    </div>
  );
}
