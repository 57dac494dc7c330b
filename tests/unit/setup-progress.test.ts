import { describe, expect, it } from "vitest";
import { CHECKLIST_STEP_IDS } from "@/lib/connections/checklist";
import { salesforceSideDone, setupProgress, type SetupFacts } from "@/lib/connections/setup-progress";

const nothing: SetupFacts = {
  instanceUrl: null,
  username: null,
  clientId: null,
  hasCertificate: false,
  ticked: {},
  bundleDownloaded: false,
  connected: false,
};

const labels = (facts: SetupFacts) =>
  setupProgress(facts).steps.map((s) => `${s.number}. ${s.label}${s.done ? " ✓" : ""}`);

describe("the connection page's setup progress", () => {
  it("runs in the order the customer acts: My Domain, certificate, Salesforce setup, fields, test", () => {
    expect(labels(nothing)).toEqual([
      "1. My Domain",
      "2. Certificate",
      "3. Salesforce setup",
      "4. Connection fields",
      "5. Test connection",
    ]);
    expect(setupProgress(nothing).current).toBe("my-domain");
  });

  it("points at the first step not done, even when a later one is", () => {
    const certificateOnly = { ...nothing, hasCertificate: true };
    expect(setupProgress(certificateOnly).current).toBe("my-domain");
    const both = { ...certificateOnly, instanceUrl: "https://acme.my.salesforce.com" };
    expect(setupProgress(both).current).toBe("setup");
    expect(labels(both).slice(0, 2)).toEqual(["1. My Domain ✓", "2. Certificate ✓"]);
  });

  it("counts the Salesforce side done by the CLI path only after the download and both ticks", () => {
    const base = { ...nothing, hasCertificate: true, instanceUrl: "https://acme.my.salesforce.com" };
    expect(salesforceSideDone({ ...base, ticked: { "cli-deploy": true, "cli-assign": true } })).toBe(false);
    expect(salesforceSideDone({ ...base, bundleDownloaded: true, ticked: { "cli-deploy": true } })).toBe(false);
    expect(
      salesforceSideDone({ ...base, bundleDownloaded: true, ticked: { "cli-deploy": true, "cli-assign": true } }),
    ).toBe(true);
  });

  it("counts it done by hand only when every checklist step is ticked", () => {
    const all = Object.fromEntries(CHECKLIST_STEP_IDS.map((id) => [id, true]));
    const allButOne = Object.fromEntries(CHECKLIST_STEP_IDS.slice(1).map((id) => [id, true]));
    expect(salesforceSideDone({ ...nothing, ticked: all })).toBe(true);
    expect(salesforceSideDone({ ...nothing, ticked: allButOne })).toBe(false);
  });

  it("needs both the username and the Client ID for the fields, and a connected test proves the Salesforce side", () => {
    const ready = {
      ...nothing,
      hasCertificate: true,
      instanceUrl: "https://acme.my.salesforce.com",
      username: "integration@acme.com",
    };
    expect(setupProgress(ready).steps.find((s) => s.id === "fields")!.done).toBe(false);
    const connected = { ...ready, clientId: "3MVG9abc", connected: true };
    expect(setupProgress(connected)).toMatchObject({ current: null });
    expect(labels(connected).every((l) => l.endsWith("✓"))).toBe(true);
  });
});
