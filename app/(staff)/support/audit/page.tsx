import Link from "next/link";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";
import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { auditFiltersSchema, searchAuditLog, type AuditFilters } from "@/lib/audit/queries";

export const metadata = { title: "Audit log · Support console" };

type SearchParams = Record<string, string | string[] | undefined>;

const inputStyle = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

function pageHref(filters: AuditFilters, before?: string): string {
  const entries = Object.entries({ ...filters, before }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "");
  return `/support/audit${entries.length ? `?${new URLSearchParams(entries)}` : ""}`;
}

function FilterField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePermissionPage("audit:read");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filters = auditFiltersSchema.parse(raw);
  const { entries, nextBefore } = await searchAuditLog(filters);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-slate-600">Sign-ins, invitations, certificates, tests, connection and user changes. Newest first; times in UTC.</p>
      </div>
      <form method="get" action="/support/audit" className="grid gap-3 rounded-md border border-slate-200 bg-white p-4 sm:grid-cols-3" aria-label="Audit log filters">
        <FilterField id="audit-tenant" label="Tenant (name or id)">
          <input id="audit-tenant" name="tenant" defaultValue={filters.tenant} className={inputStyle} />
        </FilterField>
        <FilterField id="audit-actor" label="Actor email contains">
          <input id="audit-actor" name="actor" defaultValue={filters.actor} className={inputStyle} />
        </FilterField>
        <FilterField id="audit-action" label="Action">
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""} className={inputStyle}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="audit-from" label="From (UTC date)">
          <input id="audit-from" name="from" type="date" defaultValue={filters.from} className={inputStyle} />
        </FilterField>
        <FilterField id="audit-to" label="To (UTC date, inclusive)">
          <input id="audit-to" name="to" type="date" defaultValue={filters.to} className={inputStyle} />
        </FilterField>
        <div className="flex items-end gap-3">
          <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
            Apply filters
          </button>
          <Link href="/support/audit" className="text-sm text-blue-700 underline">
            Clear
          </Link>
        </div>
      </form>
      {entries.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-600">No audit entries match these filters.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm" aria-label="Audit entries">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                {["Time", "Action", "Actor", "Tenant", "Target", "IP", "Details"].map((h) => (
                  <th key={h} className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2">{formatUtc(e.createdAt)}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2">{e.actorEmail ?? "—"}</td>
                  <td className="px-3 py-2">{e.tenantId ? <Link href={`/support/tenants/${e.tenantId}`} className="text-blue-700 underline">{e.tenantName ?? e.tenantId}</Link> : "—"}</td>
                  <td className="px-3 py-2 break-all">{e.targetType ? `${e.targetType} ${e.targetId ?? ""}` : "—"}</td>
                  <td className="px-3 py-2">{e.ip ?? "—"}</td>
                  <td className="px-3 py-2 break-all font-mono text-xs">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="flex gap-4 text-sm">
        {filters.before ? (
          <Link href={pageHref(filters)} className="text-blue-700 underline">
            Newest entries
          </Link>
        ) : null}
        {nextBefore ? (
          <Link href={pageHref(filters, nextBefore)} className="text-blue-700 underline">
            Older entries
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
