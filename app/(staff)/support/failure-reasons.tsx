import Link from "next/link";
import type { DashboardPictures } from "@/lib/dashboard/pictures";
import { focusHref, type DashboardFilter } from "@/lib/dashboard/schemas";

// The most common diagnoses of the last 7 days, by connections affected; each filters the table to those connections.
export function FailureReasons({
  filter,
  reasons,
}: {
  filter: DashboardFilter;
  reasons: DashboardPictures["reasons"];
}) {
  const max = Math.max(1, ...reasons.map((r) => r.connections));
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-semibold">Top failure reasons, last 7 days</figcaption>
      {reasons.length === 0 ? (
        <p className="text-sm text-slate-600">No failed tests in the last 7 days.</p>
      ) : (
        <ol className="space-y-1.5" aria-label="Failure reasons">
          {reasons.map((r) => {
            const active = filter.reason === r.code;
            return (
              <li key={r.code}>
                <Link
                  href={focusHref(filter, active ? {} : { reason: r.code })}
                  aria-current={active ? "true" : undefined}
                  className={`block min-h-6 rounded-sm px-1 text-sm hover:bg-slate-100 ${active ? "bg-blue-50 ring-2 ring-blue-700" : ""}`}
                  data-testid="failure-reason"
                >
                  <span className="flex justify-between gap-2">
                    <span className="text-blue-700 underline">{r.title}</span>
                    <span className="whitespace-nowrap text-slate-700 tabular-nums">
                      {r.connections} {r.connections === 1 ? "connection" : "connections"} · {r.runs}{" "}
                      {r.runs === 1 ? "run" : "runs"}
                    </span>
                  </span>
                  <span
                    className="mt-0.5 block h-1.5 rounded-sm bg-red-500"
                    style={{ width: `${(r.connections / max) * 100}%` }}
                  />
                </Link>
              </li>
            );
          })}
        </ol>
      )}
    </figure>
  );
}
