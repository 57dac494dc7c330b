import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Section } from "@/components/ui/section";
import { requirePermissionPage } from "@/lib/auth/session";
import { getDashboard } from "@/lib/dashboard/queries";
import { dashboardHref, invalidDashboardParams, parseDashboardFilter } from "@/lib/dashboard/schemas";
import { DashboardFilters } from "./dashboard-filters";
import { DashboardTable } from "./dashboard-table";
import { ExpiryChart } from "./expiry-chart";
import { FailureReasons } from "./failure-reasons";
import { OnboardingFunnel } from "./onboarding-funnel";
import { StatusCounts } from "./status-counts";
import { TriageTiles } from "./triage-tiles";

export const metadata = { title: "Support dashboard · Salesforce JWT onboarding" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportDashboardPage({ searchParams }: Props) {
  await requirePermissionPage("connections:read-all");
  const query = await searchParams;
  const filter = parseDashboardFilter(query);
  const ignored = invalidDashboardParams(query);
  const { total, rows, counts, pageCount, pageSize, pictures } = await getDashboard(filter);
  const { page } = filter;
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const go = (to: number, enabled: boolean) => (enabled ? dashboardHref(filter, { page: to }) : null);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Connections"
        description="What needs action first: failed connections, certificates about to expire, stalled onboarding."
      />
      {ignored.length > 0 ? (
        <Notice tone="warning" title="Some filters in the link were not understood">
          Ignored: {ignored.join(", ")}. The dashboard shows the other filters.
        </Notice>
      ) : null}
      <TriageTiles filter={filter} tiles={pictures.tiles} />
      <Section id="trends" title="Trends">
        <div className="grid gap-6 rounded-md border border-slate-200 bg-white p-4 lg:grid-cols-3 [&>*]:min-w-0">
          <ExpiryChart filter={filter} weeks={pictures.expiry} />
          <FailureReasons filter={filter} reasons={pictures.reasons} />
          <OnboardingFunnel filter={filter} funnel={pictures.funnel} />
        </div>
      </Section>
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
