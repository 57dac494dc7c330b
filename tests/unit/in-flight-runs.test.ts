import { describe, expect, it } from "vitest";
import { isDraining, runningRunIds, trackRun, waitForRuns } from "@/lib/shutdown/in-flight-runs";

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

// What a stopping process waits for (lib/shutdown/drain.ts): runs that end within the grace are let finish, the rest
// are named so they can be recorded interrupted, and the wait never outlasts the grace.
describe("in-flight Test connection runs", () => {
  it("waits for runs that end within the grace, names the ones still running after it, and marks the drain", async () => {
    const quick = trackRun("quick", after(50, "connected"));
    const failing = trackRun(
      "failing",
      after(60, null).then(() => Promise.reject(new Error("boom"))),
    );
    failing.catch(() => undefined);
    const slow = trackRun("slow", after(1_000, "connected"));
    expect(runningRunIds().sort()).toEqual(["failing", "quick", "slow"]);
    expect(isDraining()).toBe(false);

    const started = Date.now();
    const left = await waitForRuns(200);
    const waited = Date.now() - started;
    expect(isDraining()).toBe(true);
    expect(left).toEqual(["slow"]);
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(600);
    await expect(quick).resolves.toBe("connected");

    await slow;
    expect(runningRunIds()).toEqual([]);
    // Nothing running: no wait at all.
    const again = Date.now();
    expect(await waitForRuns(5_000)).toEqual([]);
    expect(Date.now() - again).toBeLessThan(50);
  });
});
