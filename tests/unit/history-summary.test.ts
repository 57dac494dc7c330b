import { describe, expect, it } from "vitest";
import { summariseHistory } from "@/lib/connections/history-summary";
import { diagnosisTitle } from "@/lib/salesforce/diagnosis-titles";

const at = "2026-11-30T10:00:00Z";

describe("history strip text", () => {
  it("says how many tests connected and failed, and how the latest ended", () => {
    const runs = [
      ...Array.from({ length: 27 }, () => ({ status: "connected" as const, finishedAt: at })),
      ...Array.from({ length: 3 }, () => ({ status: "failed" as const, finishedAt: at })),
    ];
    expect(summariseHistory(runs)).toBe("Last 30 tests: 27 connected, 3 failed; latest failed");
    expect(summariseHistory([{ status: "warnings", finishedAt: at }])).toBe(
      "Last test: 1 with warnings; latest with warnings",
    );
    expect(summariseHistory([])).toBe("No tests yet");
  });
});

describe("diagnosis titles", () => {
  it("finds token, network and REST diagnoses by their stored code", () => {
    expect(diagnosisTitle("invalid_client_id")).toBe("Salesforce does not know this Client ID");
    expect(diagnosisTitle("timeout")).toBe("Salesforce did not answer in time");
    expect(diagnosisTitle("api_disabled")).toBe("API access is disabled for this user");
    expect(diagnosisTitle("no_such_code")).toBeUndefined();
  });
});
