import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { INTERVAL_SECONDS, RETEST_INTERVALS } from "@/lib/jobs/intervals";
import { isRetestDue, schedulePhase, slotStart } from "@/lib/jobs/schedule";

// The schedule's jitter as a distribution: 20,000 connections on one interval must not fire together.

const ids = Array.from({ length: 20_000 }, () => randomUUID());
const DAY = INTERVAL_SECONDS.h24!;

function counts(buckets: number): number[] {
  const n = new Array<number>(buckets).fill(0);
  for (const id of ids) n[Math.floor(schedulePhase(id) * buckets)]! += 1;
  return n;
}

describe("schedule jitter", () => {
  it("spreads 20,000 connections evenly over the day (chi-square over 24 hourly buckets)", () => {
    const observed = counts(24);
    const expected = ids.length / 24;
    const chiSquare = observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
    // 23 degrees of freedom: 49.7 is the 0.1 % critical value. All at once would give 460,000.
    expect(chiSquare).toBeLessThan(49.7);
  });

  it("never puts more than 40 of them in the same minute (about 14 expected)", () => {
    const perMinute = counts(24 * 60);
    expect(Math.max(...perMinute)).toBeLessThanOrEqual(40);
    // And every minute of the day gets some: no gaps that would hint at clustering elsewhere.
    expect(perMinute.filter((n) => n === 0).length).toBeLessThan(5);
  });

  it("gives a connection the same phase every time, in [0, 1)", () => {
    const id = ids[0]!;
    expect(schedulePhase(id)).toBe(schedulePhase(id));
    for (const other of ids.slice(0, 1000)) {
      expect(schedulePhase(other)).toBeGreaterThanOrEqual(0);
      expect(schedulePhase(other)).toBeLessThan(1);
    }
  });
});

describe("when a connection is due", () => {
  const id = ids[1]!;
  const boundary = new Date(slotStart(id, DAY, new Date()) * 1000);
  const at = (ms: number) => new Date(boundary.getTime() + ms);

  it("is due once its slot boundary has passed since the last test, and not before the next one after that", () => {
    expect(isRetestDue(id, "h24", at(-13 * 3_600_000), at(1_000))).toBe(true);
    // Tested just after the boundary (by anyone): the next scheduled test waits for the next boundary.
    expect(isRetestDue(id, "h24", at(1_000), at(DAY * 1000 - 1_000))).toBe(false);
    expect(isRetestDue(id, "h24", at(1_000), at(DAY * 1000 + 1_000))).toBe(true);
  });

  it("waits for the boundary after next when the last test came just before its boundary (no test minutes later)", () => {
    expect(isRetestDue(id, "h24", at(-60_000), at(1_000))).toBe(false);
    expect(isRetestDue(id, "h24", at(-60_000), at(DAY * 1000 + 1_000))).toBe(true);
  });

  it("is never due when switched off, and the shorter the interval, the sooner", () => {
    const lastTest = at(1_000);
    const later = at(2 * 3_600_000);
    expect(isRetestDue(id, "off", lastTest, at(30 * DAY * 1000))).toBe(false);
    expect(isRetestDue(id, "h1", lastTest, later)).toBe(true);
    expect(isRetestDue(id, "d7", lastTest, later)).toBe(false);
    expect(RETEST_INTERVALS).toEqual(["off", "h1", "h6", "h24", "d7"]);
  });
});
