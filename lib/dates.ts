const DAY_MS = 86_400_000;

// Whole days from now until `date` (negative once it has passed).
export function daysUntil(date: Date, now = Date.now()): number {
  return Math.floor((date.getTime() - now) / DAY_MS);
}

export function formatUtc(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}
