import { describe, expect, it } from "vitest";
import { stalledStageLabel } from "@/lib/dashboard/labels";

describe("where a stalled onboarding stopped, as support reads it", () => {
  it("counts the manual checklist's ticks, or the CLI path's once the customer ticked one of those", () => {
    expect(stalledStageLabel("certificate", 0)).toBe("No certificate");
    expect(stalledStageLabel("test", 3)).toBe("Not tested · 3 of 8 steps ticked");
    expect(stalledStageLabel("connect", 0, 2)).toBe("Never connected · with the CLI, 2 of 2 steps ticked");
    expect(stalledStageLabel("connect", 5, 1)).toBe("Never connected · with the CLI, 1 of 2 steps ticked");
  });
});
