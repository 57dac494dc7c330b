import Link from "next/link";
import { requirePermissionPage } from "@/lib/auth/session";
import { getDashboard } from "@/lib/dashboard/queries";
import { CONNECTION_STATUS, CONNECTION_STATUSES } from "@/lib/connections/status";
import { dashboardHref, MAX_EXPIRY_DAYS, MAX_SEARCH_LENGTH, parseDashboardFilter, type DashboardFilter } from "@/lib/dashboard/schemas";
import { DashboardTable } from "./dashboard-table";

export const metadata = { title: "Support dashboard · Salesforce JWT onboarding" };


const SORT_LABELS = {
  "last-test-desc": "Last test, newest first",
  "last-test-asc": "Last test, oldest first",
  "expiry-asc": "Certificate expiry, soonest first",
  "expiry-desc": "Certificate expiry, latest first",
} as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SupportDashboardPage({ searchParams }: Props) {
  await requirePermissionPage("connections:read-all");
  const filter = parseDashboardFilter(await searchParams);
  const dashboard = await getDashboard(filter);
  const all = CONNECTION_STATUSES.reduce((sum, s) => sum + dashboard.counts[s], 0);
  const first = dashboard.total === 0 ? 0 : (filter.page - 1) * dashboard.pageSize + 1;
  const last = Math.min(filter.page * dashboard.pageSize, dashboard.total);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Connections</h1>
        <p className="text-slate-600">Every tenant&apos;s Salesforce connections, their latest test and certificate expiry.</p>
      </div>

      <nav aria-label="Connections by status">
        <ul className="flex flex-wrap gap-2 text-sm">
          <CountLink label="All" count={all} href={dashboardHref(filter, { status: undefined, page: 1 })} active={!filter.status} />
          {CONNECTION_STATUSES.map((s) => (
            <CountLink key={s} label={CONNECTION_STATUS[s].short} count={dashboard.counts[s]} href={dashboardHref(filter, { status: s, page: 1 })} active={filter.status === s} />
          ))}
        </ul>
      </nav>

      {/* Keyed by the filter: links navigate client-side, and uncontrolled fields must show the new values. */}
      <FilterForm key={dashboardHref(filter)} filter={filter} />

      <p role="status" className="text-sm text-slate-700">
        {dashboard.total === 0
          ? "No connections match these filters."
          : first > dashboard.total
            ? `Page ${filter.page} is past the end: there are ${dashboard.pageCount} pages.`
            : `Showing ${first}–${last} of ${dashboard.total} connections`}
      </p>

      {dashboard.rows.length > 0 ? <DashboardTable rows={dashboard.rows} filter={filter} /> : null}

      <Pagination filter={filter} pageCount={dashboard.pageCount} />
    </div>
  );
}

function CountLink({ label, count, href, active }: { label: string; count: number; href: string; active: boolean }) {
  return (
    <li>
      <Link
        href={href}
        aria-current={active ? "true" : undefined}
        className={`inline-flex items-center gap-2 rounded-md border px-3 py-1.5 ${active ? "border-blue-700 bg-blue-50 font-semibold text-blue-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
      >
        {label} <span className="tabular-nums">{count}</span>
      </Link>
    </li>
  );
}

// A plain GET form: the URL is the state, so every view can be bookmarked, shared and reached by keyboard.
function FilterForm({ filter }: { filter: DashboardFilter }) {
  const input = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";
  return (
    <form method="get" action="/support" role="search" aria-label="Filter connections" className="flex flex-wrap items-end gap-4 rounded-md border border-slate-200 bg-white p-4">
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <label htmlFor="dashboard-q" className="text-sm font-medium">
          Search
        </label>
        <input id="dashboard-q" name="q" type="search" defaultValue={filter.q} maxLength={MAX_SEARCH_LENGTH} placeholder="Tenant, username or instance host" className={input} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="dashboard-status" className="text-sm font-medium">
          Status
        </label>
        <select id="dashboard-status" name="status" defaultValue={filter.status ?? ""} className={input}>
          <option value="">Any status</option>
          {CONNECTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {CONNECTION_STATUS[s].short}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="dashboard-expires" className="text-sm font-medium">
          Certificate expires within (days)
        </label>
        <input id="dashboard-expires" name="expires" type="number" inputMode="numeric" min={0} max={MAX_EXPIRY_DAYS} defaultValue={filter.expires ?? ""} aria-describedby="dashboard-expires-hint" className={`${input} w-32`} />
        <p id="dashboard-expires-hint" className="text-xs text-slate-500">
          Includes expired certificates
        </p>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="dashboard-sort" className="text-sm font-medium">
          Sort by
        </label>
        <select id="dashboard-sort" name="sort" defaultValue={filter.sort} className={input}>
          {Object.entries(SORT_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex gap-3">
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
          Apply filters
        </button>
        <Link href="/support" className="self-center text-sm text-blue-700 underline">
          Reset
        </Link>
      </div>
    </form>
  );
}

function Pagination({ filter, pageCount }: { filter: DashboardFilter; pageCount: number }) {
  if (pageCount <= 1 && filter.page === 1) return null;
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";
  const off = "rounded-md border border-slate-200 px-3 py-1.5 text-slate-600";
  const go = (page: number, label: string, enabled: boolean) =>
    enabled ? (
      <Link href={dashboardHref(filter, { page })} className={link}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={off}>
        {label}
      </span>
    );
  return (
    <nav aria-label="Pagination" className="flex items-center gap-2 text-sm">
      {go(1, "First", filter.page > 1)}
      {go(Math.min(filter.page - 1, pageCount), "Previous", filter.page > 1)}
      <span className="px-2">
        Page {filter.page} of {pageCount}
      </span>
      {go(filter.page + 1, "Next", filter.page < pageCount)}
      {go(pageCount, "Last", filter.page < pageCount)}
    </nav>
  );
}
