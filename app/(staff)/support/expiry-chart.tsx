import Link from "next/link";
import type { DashboardPictures } from "@/lib/dashboard/pictures";
import { focusHref, type DashboardFilter } from "@/lib/dashboard/schemas";

// Certificates expiring per week for the next 12 weeks, expired ones first. Each bar is a link that filters the table;
// its name reads as a sentence ("3 certificates expire in the week of 7 Dec"), so the chart is a list without the picture.
export function ExpiryChart({ filter, weeks }: { filter: DashboardFilter; weeks: DashboardPictures["expiry"] }) {
  const max = Math.max(1, ...weeks.map((w) => w.count));
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-semibold">Certificate expiry, next 12 weeks</figcaption>
      <ol className="relative flex h-36 items-end gap-1 overflow-x-auto" aria-label="Certificates expiring per week">
        {weeks.map(({ week, from, count }) => {
          const active = filter.week === week;
          const label = week === -1 ? "Expired" : shortDate(from);
          const one = count === 1;
          const words =
            week === -1
              ? ` ${one ? "certificate" : "certificates"} already `
              : ` ${one ? "certificate expires" : "certificates expire"} in the week of `;
          return (
            <li key={week} className="flex h-full min-w-8 flex-1 flex-col">
              <Link
                href={focusHref(filter, active ? {} : { week })}
                aria-current={active ? "true" : undefined}
                className={`group flex h-full min-h-6 flex-col items-center justify-end rounded-sm px-px text-xs hover:bg-slate-100 ${active ? "bg-blue-50 ring-2 ring-blue-700" : ""}`}
                data-testid="expiry-bar"
              >
                <span className="tabular-nums">{count}</span>
                <span className="sr-only">{words}</span>
                <span
                  className={`w-full rounded-t-sm ${week === -1 ? "bg-red-600" : week < 4 ? "bg-amber-500" : "bg-slate-400"}`}
                  style={{ height: `${Math.round((count / max) * 80)}%` }}
                />
                <span className="mt-1 text-[0.65rem] leading-tight whitespace-nowrap text-slate-600">{label}</span>
              </Link>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function shortDate(date: Date): string {
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}
