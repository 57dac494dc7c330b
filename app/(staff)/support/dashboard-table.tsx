import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { daysUntil, EXPIRY_WARNING_DAYS, formatUtc } from "@/lib/dates";
import type { DashboardRow } from "@/lib/dashboard/queries";
import { dashboardHref, type DashboardFilter, type DashboardSort } from "@/lib/dashboard/schemas";


export function DashboardTable({ rows, filter }: { rows: DashboardRow[]; filter: DashboardFilter }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" aria-label="Connections">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Tenant</th>
            <th scope="col" className="px-3 py-2">Connection</th>
            <th scope="col" className="px-3 py-2">Environment</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <SortHeader label="Last test" filter={filter} desc="last-test-desc" asc="last-test-asc" />
            <SortHeader label="Certificate expiry" filter={filter} desc="expiry-desc" asc="expiry-asc" />
            <th scope="col" className="px-3 py-2">Salesforce username</th>
            <th scope="col" className="px-3 py-2">Instance host</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} data-testid="dashboard-row">
              <td className="px-3 py-2">{row.tenantName}</td>
              <td className="px-3 py-2">
                <Link href={`/support/connections/${row.id}`} className="font-medium text-blue-700 underline">
                  {row.name}
                </Link>
              </td>
              <td className="px-3 py-2">{row.environment ?? <Missing />}</td>
              <td className="whitespace-nowrap px-3 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-3 py-2">
                <LastTest row={row} />
              </td>
              <td className="px-3 py-2">
                <Expiry expiresAt={row.certificateExpiresAt} />
              </td>
              <td className="break-all px-3 py-2">{row.username ?? <Missing />}</td>
              <td className="px-3 py-2">{row.instanceHost ?? <Missing />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Clicking the active column flips its direction; another column starts at its most useful direction.
function SortHeader({ label, filter, desc, asc }: { label: string; filter: DashboardFilter; desc: DashboardSort; asc: DashboardSort }) {
  const active = filter.sort === desc || filter.sort === asc;
  const next = filter.sort === desc ? asc : filter.sort === asc ? desc : desc === "last-test-desc" ? desc : asc;
  const direction = filter.sort === desc ? "descending" : filter.sort === asc ? "ascending" : undefined;
  return (
    <th scope="col" className="px-3 py-2" aria-sort={direction}>
      <Link href={dashboardHref(filter, { sort: next, page: 1 })} className="underline decoration-dotted">
        {label}
        {active ? <span aria-hidden>{direction === "descending" ? " ↓" : " ↑"}</span> : null}
        <span className="sr-only">, sort {next.endsWith("desc") ? "descending" : "ascending"}</span>
      </Link>
    </th>
  );
}

function LastTest({ row }: { row: DashboardRow }) {
  if (!row.lastTestedAt) return <Missing>Never</Missing>;
  const why = [row.lastErrorCode, row.lastFailedStep ? `at ${row.lastFailedStep}` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-0.5">
      <time dateTime={row.lastTestedAt.toISOString()} className="block whitespace-nowrap">
        {formatUtc(row.lastTestedAt)}
      </time>
      <span className="block text-xs text-slate-600" title={row.lastSummary ?? undefined}>
        {row.lastOutcome ?? row.status}
        {why ? ` · ${why}` : ""}
      </span>
    </div>
  );
}

// Colour is never the only signal: the text says "expired" or the days left.
function Expiry({ expiresAt }: { expiresAt: Date | null }) {
  if (!expiresAt) return <Missing>No certificate</Missing>;
  const days = daysUntil(expiresAt);
  const style = days < 0 ? "bg-red-100 font-semibold text-red-800" : days < EXPIRY_WARNING_DAYS ? "bg-amber-100 font-semibold text-amber-900" : "text-slate-700";
  return (
    <span className={`whitespace-nowrap rounded px-1.5 py-0.5 ${style}`} title={formatUtc(expiresAt)} data-testid="certificate-expiry">
      {days < 0 ? `Expired ${-days} ${-days === 1 ? "day" : "days"} ago` : `${days} ${days === 1 ? "day" : "days"} left`}
    </span>
  );
}

function Missing({ children = "—" }: { children?: string }) {
  return <span className="text-slate-600">{children}</span>;
}
