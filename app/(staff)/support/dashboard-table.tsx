import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { Table, type ColumnSort } from "@/components/ui/table";
import { daysUntil, EXPIRY_WARNING_DAYS, formatUtc } from "@/lib/dates";
import type { DashboardRow } from "@/lib/dashboard/queries";
import { dashboardHref, type DashboardFilter, type DashboardSort } from "@/lib/dashboard/schemas";

export function DashboardTable({ rows, filter }: { rows: DashboardRow[]; filter: DashboardFilter }) {
  return (
    <Table
      label="Connections"
      rows={rows}
      rowTestId="dashboard-row"
      empty={null}
      columns={[
        { header: "Tenant", cell: (row) => row.tenantName },
        { header: "Connection", cell: (row) => <ConnectionLink row={row} /> },
        { header: "Environment", cell: (row) => row.environment ?? <Missing /> },
        { header: "Status", cell: (row) => <StatusBadge status={row.status} />, className: "whitespace-nowrap" },
        {
          header: "Last test",
          cell: (row) => <LastTest row={row} />,
          sort: sortBy(filter, "last-test-desc", "last-test-asc", "last-test-desc"),
        },
        {
          header: "Certificate expiry",
          cell: (row) => <Expiry expiresAt={row.certificateExpiresAt} />,
          sort: sortBy(filter, "expiry-desc", "expiry-asc", "expiry-asc"),
        },
        { header: "Salesforce username", cell: (row) => row.username ?? <Missing />, className: "break-all" },
        { header: "Instance host", cell: (row) => row.instanceHost ?? <Missing /> },
      ]}
    />
  );
}

// Clicking the active column flips its direction; another column starts at its most useful direction.
function sortBy(filter: DashboardFilter, desc: DashboardSort, asc: DashboardSort, start: DashboardSort): ColumnSort {
  const current = filter.sort === desc ? "descending" : filter.sort === asc ? "ascending" : undefined;
  const next = current === "descending" ? asc : current === "ascending" ? desc : start;
  return {
    href: dashboardHref(filter, { sort: next, page: 1 }),
    next: next === desc ? "descending" : "ascending",
    current,
  };
}

function ConnectionLink({ row }: { row: DashboardRow }) {
  return (
    <Link href={`/support/connections/${row.id}`} className="font-medium text-blue-700 underline">
      {row.name}
    </Link>
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
  const style =
    days < 0
      ? "bg-red-100 font-semibold text-red-800"
      : days < EXPIRY_WARNING_DAYS
        ? "bg-amber-100 font-semibold text-amber-900"
        : "text-slate-700";
  return (
    <span
      className={`rounded px-1.5 py-0.5 whitespace-nowrap ${style}`}
      title={formatUtc(expiresAt)}
      data-testid="certificate-expiry"
    >
      {days < 0
        ? `Expired ${-days} ${-days === 1 ? "day" : "days"} ago`
        : `${days} ${days === 1 ? "day" : "days"} left`}
    </span>
  );
}

function Missing({ children = "—" }: { children?: string }) {
  return <span className="text-slate-600">{children}</span>;
}
