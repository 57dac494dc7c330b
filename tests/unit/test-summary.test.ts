import { describe, expect, it } from "vitest";
import { reportedFailures } from "@/scripts/test-summary";

describe("reportedFailures: npm test's second check on a step that exited 0", () => {
  it("reads vitest's summary, colours and all", () => {
    const out =
      "\x1b[2m Test Files \x1b[22m \x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m\x1b[90m (1)\x1b[39m\n\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m | 40 passed (41)\n";
    expect(reportedFailures(out)).toHaveLength(2);
  });

  it("reads vitest's unhandled errors line", () => {
    expect(reportedFailures("      Tests  3 passed (3)\n     Errors  1 error\n")).toEqual(["Errors  1 error"]);
  });

  it("reads Playwright's list reporter", () => {
    expect(reportedFailures("  2 failed\n    [chromium] › e2e/a.spec.ts:3:1 › x\n  40 passed (2.1m)\n")).toEqual([
      "2 failed",
    ]);
    expect(reportedFailures("  1 flaky\n  41 passed (2.0m)\n")).toEqual(["1 flaky"]);
  });

  it("reads the plain closing line", () => {
    expect(reportedFailures("exit-codes: 6 passed, 1 failed\n")).toEqual(["exit-codes: 6 passed, 1 failed"]);
  });

  it("finds nothing in green runs or in application log lines", () => {
    const green =
      " Test Files  10 passed (10)\n      Tests  48 passed (48)\n  44 passed (2.3m)\nexit-codes: 7 passed, 0 failed\n";
    expect(reportedFailures(green)).toEqual([]);
    expect(reportedFailures("[portal] sign-in: 3 failed attempts for a@b.c\n")).toEqual([]);
  });
});
