import { createHash } from "node:crypto";
import type { RetestInterval } from "@/lib/db/generated/enums";
import { INTERVAL_SECONDS, RETEST_INTERVALS } from "@/lib/jobs/intervals";

// When a connection is re-tested. Each connection gets a fixed phase in [0, 1) from a hash of its id, and is due
// whenever a boundary `phase × interval + k × interval` has passed since its last test and that test is older than
// half the interval (a test just before its boundary, or a catch-up after an outage, does not bring another one
// minutes later: the connection moves back to its slot within one interval). So 20,000 connections on the
// same 24 h interval spread evenly over the day, a connection keeps its slot across restarts and instances, and a
// manual test after the boundary pushes the next scheduled one to the following boundary. No I/O.

// The first 32 bits of sha256(id) as a fraction; PHASE_SQL computes the same number in PostgreSQL.
export function schedulePhase(connectionId: string): number {
  return createHash("sha256").update(connectionId).digest().readUInt32BE(0) / 2 ** 32;
}

// The latest boundary at or before `at`, in seconds since the epoch.
export function slotStart(connectionId: string, intervalSeconds: number, at: Date): number {
  const offset = schedulePhase(connectionId) * intervalSeconds;
  const k = Math.floor((at.getTime() / 1000 - offset) / intervalSeconds);
  return k * intervalSeconds + offset;
}

export function isRetestDue(connectionId: string, interval: RetestInterval, lastTestedAt: Date, now: Date): boolean {
  const seconds = INTERVAL_SECONDS[interval];
  if (seconds === null) return false;
  const last = lastTestedAt.getTime() / 1000;
  return last < slotStart(connectionId, seconds, now) && last < now.getTime() / 1000 - seconds / 2;
}

// The same phase in SQL, on a connections row aliased `c`.
export const PHASE_SQL = `(('x' || left(encode(sha256(convert_to(c.id::text, 'UTF8')), 'hex'), 8))::bit(32)::bigint / 4294967296.0)`;

// The interval's length in seconds in SQL (null for off), for an expression of type "RetestInterval".
const DB_VALUES: Record<RetestInterval, string> = { off: "off", h1: "1h", h6: "6h", h24: "24h", d7: "7d" };

export function intervalSecondsSql(expression: string): string {
  const cases = RETEST_INTERVALS.filter((i) => INTERVAL_SECONDS[i] !== null)
    .map((i) => `WHEN '${DB_VALUES[i]}' THEN ${INTERVAL_SECONDS[i]}`)
    .join(" ");
  return `(CASE ${expression} ${cases} END)`;
}
