import Link from "next/link";
import { CONNECTION_STATUS, CONNECTION_STATUSES, type ConnectionStatus } from "@/lib/connections/status";
import { dashboardHref, type DashboardFilter } from "@/lib/dashboard/schemas";

// The status's colour beside its name (the badge's palette); "All" has none.
const DOTS: Record<ConnectionStatus, string> = {
  never_tested: "bg-slate-400",
  connected: "bg-green-600",
  warnings: "bg-amber-500",
  failed: "bg-red-600",
};

// Each count is a link that filters by its status and keeps the rest of the query.
export function StatusCounts({
  filter,
  counts,
}: {
  filter: DashboardFilter;
  counts: Record<ConnectionStatus, number>;
}) {
  const all = CONNECTION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  return (
    <nav aria-label="Connections by status">
      <ul className="flex flex-wrap gap-2 text-sm">
        <CountLink
          label="All"
          count={all}
          href={dashboardHref(filter, { status: undefined, page: 1 })}
          active={!filter.status}
        />
        {CONNECTION_STATUSES.map((s) => (
          <CountLink
            key={s}
            label={CONNECTION_STATUS[s].short}
            dot={DOTS[s]}
            count={counts[s]}
            href={dashboardHref(filter, { status: s, page: 1 })}
            active={filter.status === s}
          />
        ))}
      </ul>
    </nav>
  );
}

type CountLinkProps = { label: string; count: number; href: string; active: boolean; dot?: string };

function CountLink({ label, count, href, active, dot }: CountLinkProps) {
  return (
    <li>
      <Link
        href={href}
        aria-current={active ? "true" : undefined}
        className={`inline-flex items-center gap-2 rounded-md border px-3 py-1.5 ${active ? "border-blue-700 bg-blue-50 font-semibold text-blue-900" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
      >
        {dot ? <span aria-hidden className={`size-2.5 rounded-full ${dot}`} /> : null}
        {label} <span className="tabular-nums">{count}</span>
      </Link>
    </li>
  );
}
