import { BreakableText } from "@/components/ui/breakable-text";
import Link from "next/link";
import { Table, type Column } from "@/components/ui/table";
import type { AuditEntry } from "@/lib/audit/queries";
import { formatUtc } from "@/lib/dates";

type AuditRow = AuditEntry & { tenantId?: string | null; tenantName?: string | null };

type Props = { entries: readonly AuditRow[]; empty: string; showTenant?: boolean; omitDetail?: string };

// The audit log and a connection's audit entries: one table. `omitDetail` drops a detail every row shares (the connection's id).
export function AuditTable({ entries, empty, showTenant = false, omitDetail }: Props) {
  const columns: (Column<AuditRow> | false)[] = [
    {
      header: "Time",
      cell: (e) => <time dateTime={e.createdAt.toISOString()}>{formatUtc(e.createdAt)}</time>,
      className: "whitespace-nowrap",
    },
    { header: "Action", cell: (e) => e.action, className: "font-mono text-xs" },
    { header: "Actor", cell: (e) => (e.actorEmail ? <BreakableText text={e.actorEmail} /> : "—") },
    showTenant && { header: "Tenant", cell: (e) => <TenantLink id={e.tenantId} name={e.tenantName} /> },
    {
      header: "Target",
      cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"),
      className: "break-all text-xs",
    },
    { header: "Source IP", cell: (e) => e.ip ?? "—" },
    { header: "Details", cell: (e) => <Details value={e.details} omit={omitDetail} /> },
  ];
  return <Table label="Audit entries" columns={columns} rows={entries} empty={empty} />;
}

function TenantLink({ id, name }: { id?: string | null; name?: string | null }) {
  if (!id) return "—";
  return (
    <Link href={`/support/tenants/${id}`} className="text-blue-700 underline">
      {name ?? id}
    </Link>
  );
}

// Audit details hold identifiers and outcomes only (lib/audit/record.ts); shown as key: value lines.
function Details({ value, omit }: { value: unknown; omit?: string }) {
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== omit);
  if (entries.length === 0) return null;
  return (
    <dl className="text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt className="text-slate-500">{k}:</dt>
          <dd className="break-all">{typeof v === "string" ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
