const DAY_MS = 86_400_000;

// A certificate that expires within this many days is shown as needing action (certificate card, staff dashboard).
export const EXPIRY_WARNING_DAYS = 30;

// Whole days from now until `date`, rounded away from today: 2.3 days left is 3 days left, and a date passed an hour
// ago is -1, so that `< 0` always means "expired".
export function daysUntil(date: Date, now = Date.now()): number {
  const days = (date.getTime() - now) / DAY_MS;
  return days > 0 ? Math.ceil(days) : Math.floor(days);
}

// Every time the portal shows: "2026-11-30 14:05:09 UTC". Strings are ISO 8601 (what a JSON view model carries).
export function formatUtc(date: Date | string): string {
  return `${new Date(date).toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

// A step or run's duration: "420 ms" under a second, "1.3 s" from then on.
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const UNITS = [
  { ms: DAY_MS, name: "day" },
  { ms: 3_600_000, name: "hour" },
  { ms: 60_000, name: "minute" },
] as const;

// "just now", "5 minutes ago", "3 days ago": when something last happened, as a person would say it.
export function formatRelative(date: Date | string, now = Date.now()): string {
  const elapsed = now - new Date(date).getTime();
  for (const unit of UNITS) {
    const n = Math.floor(elapsed / unit.ms);
    if (n >= 1) return `${n} ${unit.name}${n === 1 ? "" : "s"} ago`;
  }
  return "just now";
}
