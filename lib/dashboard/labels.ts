import { CHECKLIST_STEP_IDS, CLI_STEP_IDS } from "@/lib/connections/checklist";
import type { DashboardView } from "@/lib/dashboard/schemas";

// The triage console's words, in one place (tiles, row notes, funnel). Browser-safe.

export const VIEW_LABELS: Record<DashboardView, { title: string; hint: string }> = {
  failed: { title: "Failed", hint: "Last test failed" },
  expiring: { title: "Expiring", hint: "Certificate expired or expires within 30 days" },
  stalled: { title: "Stalled onboarding", hint: "Created over 3 days ago, never connected" },
  warnings: { title: "Warnings", hint: "Connected with warnings" },
};

export type StalledStage = "certificate" | "fields" | "test" | "connect";

// Where a stalled onboarding stopped, with the ticks once the fields are saved: the CLI path's when the customer
// ticked any of those (deploy, assign), else the manual checklist's.
export function stalledStageLabel(stage: StalledStage, ticked: number, cliTicked = 0): string {
  const ticks =
    cliTicked > 0
      ? `with the CLI, ${cliTicked} of ${CLI_STEP_IDS.length} steps ticked`
      : `${ticked} of ${CHECKLIST_STEP_IDS.length} steps ticked`;
  switch (stage) {
    case "certificate":
      return "No certificate";
    case "fields":
      return "Fields not saved";
    case "test":
      return `Not tested · ${ticks}`;
    case "connect":
      return `Never connected · ${ticks}`;
  }
}

export const FUNNEL_STEPS = [
  { key: "certificate", label: "Certificate generated" },
  { key: "fields", label: "Fields saved" },
  { key: "tested", label: "First test run" },
  { key: "connected", label: "Connected" },
] as const;

// Whole days since `date` (0 within the first day).
export function daysAgo(date: Date, now = Date.now()): number {
  return Math.floor((now - date.getTime()) / 86_400_000);
}
