import Link from "next/link";
import { HistoryStrip } from "@/components/history-strip";
import { StatusBadge } from "@/components/status-badge";
import { BreakableText } from "@/components/ui/breakable-text";
import { Table, type ColumnSort } from "@/components/ui/table";
import { daysUntil, EXPIRY_WARNING_DAYS, formatUtc } from "@/lib/dates";
import { daysAgo, stalledStageLabel } from "@/lib/dashboard/labels";
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
        { header: "Tenant", cell: (row) => <TenantLink row={row} /> },
        { header: "Connection", cell: (row) => <ConnectionLink row={row} /> },
        { header: "Status", cell: (row) => <Status row={row} />, className: "min-w-40" },
        // Since when the connection has had this status (the first run that gave it), kept on the connection.
        { header: "Since", cell: (row) => (row.statusSince ? <Ago date={row.statusSince} /> : <Missing />) },
        {
          header: "Last test",
          cell: (row) => <LastTest row={row} />,
          sort: sortBy(filter, "last-test-desc", "last-test-asc", "last-test-desc"),
          className: "min-w-56",
        },
        { header: "History", cell: (row) => <HistoryStrip runs={row.history} /> },
        {
          header: "Certificate expiry",
          cell: (row) => <Expiry expiresAt={row.certificateExpiresAt} />,
          sort: sortBy(filter, "expiry-desc", "expiry-asc", "expiry-asc"),
        },
        { header: "Environment", cell: (row) => row.environment ?? <Missing /> },
        {
          header: "Salesforce username",
          cell: (row) => (row.username ? <BreakableText text={row.username} /> : <Missing />),
          className: "min-w-48",
        },
        {
          header: "Instance host",
          cell: (row) => (row.instanceHost ? <BreakableText text={row.instanceHost} /> : <Missing />),
        },
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

function TenantLink({ row }: { row: DashboardRow }) {
  return (
    <Link href={`/support/tenants/${row.tenantId}`} className="text-blue-700 underline">
      {row.tenantName}
    </Link>
  );
}

function ConnectionLink({ row }: { row: DashboardRow }) {
  return (
    <Link
      href={`/support/connections/${row.id}`}
      className="font-medium text-blue-700 underline"
      data-testid="connection-link"
    >
      {row.name}
    </Link>
  );
}

function Status({ row }: { row: DashboardRow }) {
  return (
    <div className="space-y-1">
      <StatusBadge status={row.status} />
      {row.failingSince ? (
        <span className="block text-xs text-red-800" data-testid="failing-since">
          Failing since <Ago date={row.failingSince} />
        </span>
      ) : null}
      {row.stalled ? (
        <span className="block text-xs text-slate-700" data-testid="stalled-stage">
          Stalled: {stalledStageLabel(row.stalled.stage, row.stalled.ticked, row.stalled.cliTicked)}
        </span>
      ) : null}
    </div>
  );
}

// The diagnosis in words first; the code and step stay for searching logs and the catalogue.
function LastTest({ row }: { row: DashboardRow }) {
  if (!row.lastTestedAt) return <Missing>Never</Missing>;
  const why = [row.lastErrorCode, row.lastFailedStep ? `at ${row.lastFailedStep}` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-0.5">
      <Ago date={row.lastTestedAt} />
      {row.lastTitle ? (
        <span className="block font-medium text-slate-900" data-testid="last-test-title">
          {row.lastTitle}
        </span>
      ) : null}
      <span className="block text-xs text-slate-600">
        {row.lastOutcome ?? row.status}
        {why ? ` · ${why}` : ""}
      </span>
    </div>
  );
}

function Ago({ date }: { date: Date }) {
  const days = daysAgo(date);
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)} className="whitespace-nowrap">
      {formatUtc(date).slice(0, 16)} UTC{days > 0 ? ` (${days} ${days === 1 ? "day" : "days"} ago)` : ""}
    </time>
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
