import Link from "next/link";
import { VIEW_LABELS } from "@/lib/dashboard/labels";
import type { DashboardPictures } from "@/lib/dashboard/pictures";
import { DASHBOARD_VIEWS, focusHref, type DashboardFilter, type DashboardView } from "@/lib/dashboard/schemas";

const TONES: Record<DashboardView, { idle: string; active: string }> = {
  failed: { idle: "border-red-300 bg-red-50 text-red-900", active: "border-red-700 bg-red-100 ring-2 ring-red-700" },
  expiring: {
    idle: "border-amber-300 bg-amber-50 text-amber-950",
    active: "border-amber-700 bg-amber-100 ring-2 ring-amber-700",
  },
  stalled: {
    idle: "border-violet-300 bg-violet-50 text-violet-950",
    active: "border-violet-700 bg-violet-100 ring-2 ring-violet-700",
  },
  warnings: {
    idle: "border-yellow-300 bg-yellow-50 text-yellow-950",
    active: "border-yellow-700 bg-yellow-100 ring-2 ring-yellow-700",
  },
};

// What needs action, as filters: a tile shows its connections (keeping the search); the active one clears it again.
export function TriageTiles({ filter, tiles }: { filter: DashboardFilter; tiles: DashboardPictures["tiles"] }) {
  return (
    <nav aria-label="Needs action">
      <ul className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {DASHBOARD_VIEWS.map((view) => {
          const active = filter.view === view;
          const href = focusHref(filter, active ? {} : { view });
          return (
            <li key={view}>
              <Link
                href={href}
                aria-current={active ? "true" : undefined}
                data-testid={`tile-${view}`}
                className={`block h-full rounded-lg border p-3 hover:shadow-sm ${active ? TONES[view].active : TONES[view].idle}`}
              >
                <span className="block text-2xl font-semibold tabular-nums">{tiles[view]}</span>
                <span className="block font-semibold">{VIEW_LABELS[view].title}</span>
                <span className="block text-xs">{VIEW_LABELS[view].hint}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
