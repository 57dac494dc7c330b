import type { RetestInterval } from "@/lib/db/generated/enums";

// The re-test intervals support and admins choose from (browser-safe: forms and activity words use the labels).

export const RETEST_INTERVALS = ["off", "h1", "h6", "h24", "d7"] as const satisfies readonly RetestInterval[];

export const INTERVAL_SECONDS: Record<RetestInterval, number | null> = {
  off: null,
  h1: 3_600,
  h6: 6 * 3_600,
  h24: 24 * 3_600,
  d7: 7 * 24 * 3_600,
};

export const INTERVAL_LABELS: Record<RetestInterval, string> = {
  off: "Off",
  h1: "Every hour",
  h6: "Every 6 hours",
  h24: "Every 24 hours",
  d7: "Every 7 days",
};

export function intervalLabel(value: unknown): string {
  return RETEST_INTERVALS.includes(value as RetestInterval)
    ? INTERVAL_LABELS[value as RetestInterval]
    : "the tenant's interval";
}
