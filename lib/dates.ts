const DAY_MS = 86_400_000;

// A certificate that expires within this many days is shown as needing action (certificate card, staff dashboard).
export const EXPIRY_WARNING_DAYS = 30;

// Whole days from now until `date` (negative once it has passed).
export function daysUntil(date: Date, now = Date.now()): number {
  return Math.floor((date.getTime() - now) / DAY_MS);
}

// Every time the portal shows: "2026-11-30 14:05:09 UTC". Strings are ISO 8601 (what a JSON view model carries).
export function formatUtc(date: Date | string): string {
  return `${new Date(date).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
