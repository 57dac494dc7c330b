import Link from "next/link";
import { FUNNEL_STEPS } from "@/lib/dashboard/labels";
import type { DashboardPictures } from "@/lib/dashboard/pictures";
import { focusHref, type DashboardFilter } from "@/lib/dashboard/schemas";

// Created → certificate → fields → first test → connected: how many reached each step, and how many are stalled
// (created over 3 days ago, never connected) just before it. The numbers are text; the bars only repeat them.
export function OnboardingFunnel({ filter, funnel }: { filter: DashboardFilter; funnel: DashboardPictures["funnel"] }) {
  const max = Math.max(1, funnel.created);
  const steps = [
    { key: "created", label: "Created", reached: funnel.created, stalled: 0 },
    ...FUNNEL_STEPS.map((s) => ({ key: s.key, label: s.label, ...funnel[s.key] })),
  ];
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-semibold">Onboarding funnel</figcaption>
      <ol className="space-y-1.5 text-sm" aria-label="Onboarding steps">
        {steps.map((s) => (
          <li key={s.key} data-testid="funnel-step">
            <span className="flex justify-between gap-2">
              <span>{s.label}</span>
              <span className="tabular-nums">
                {s.reached}
                {s.stalled > 0 ? (
                  <>
                    {" · "}
                    <Link href={focusHref(filter, { view: "stalled" })} className="text-violet-800 underline">
                      {s.stalled} stalled before
                    </Link>
                  </>
                ) : null}
              </span>
            </span>
            <span
              className="mt-0.5 block h-1.5 rounded-sm bg-blue-600"
              style={{ width: `${(s.reached / max) * 100}%` }}
            />
          </li>
        ))}
      </ol>
    </figure>
  );
}
