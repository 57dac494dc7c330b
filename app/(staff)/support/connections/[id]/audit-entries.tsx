import { formatUtc } from "@/lib/dates";
import type { ConnectionAuditEvent } from "@/lib/connections/queries";

export function AuditEntries({ events }: { events: ConnectionAuditEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No audit entries for this connection yet.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" aria-label="Audit entries">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Time</th>
            <th scope="col" className="px-3 py-2">Action</th>
            <th scope="col" className="px-3 py-2">Actor</th>
            <th scope="col" className="px-3 py-2">Target</th>
            <th scope="col" className="px-3 py-2">Source IP</th>
            <th scope="col" className="px-3 py-2">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {events.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="whitespace-nowrap px-3 py-2">
                <time dateTime={e.createdAt.toISOString()}>{formatUtc(e.createdAt)}</time>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-3 py-2">{e.actorEmail ?? "system"}</td>
              <td className="px-3 py-2 text-xs">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}</td>
              <td className="px-3 py-2">{e.ip ?? "—"}</td>
              <td className="px-3 py-2">
                <Details value={e.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Audit details hold identifiers and outcomes only (lib/audit/record.ts); shown as key: value lines.
function Details({ value }: { value: unknown }) {
  if (typeof value !== "object" || value === null) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "connectionId");
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
