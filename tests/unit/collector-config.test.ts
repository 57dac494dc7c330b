import { describe, expect, it } from "vitest";
import { collectorConfig, type CollectorInput } from "@/lib/connections/collector-config";
import type { CollectorReadiness } from "@/lib/salesforce/preflight";

const base: CollectorInput = {
  instanceUrl: "https://acme.my.salesforce.com",
  username: "i@acme.com",
  clientId: "3MVG9abc",
  apiVersion: null,
  tokenHost: "https://acme.my.salesforce.com",
  audience: "https://acme.my.salesforce.com",
};

const addOn: CollectorReadiness = {
  eventTypes: [
    { eventType: "Login", interval: "Hourly", files: 120 },
    { eventType: "Login", interval: "Daily", files: 7 },
  ],
  eventLogFilesReadable: true,
  hourlyAvailable: true,
  logFileInterval: "Hourly",
  loginEventQueryable: true,
  setupAuditTrailQueryable: true,
  objectOption: true,
  readsNothing: false,
};
const freeTier: CollectorReadiness = { ...addOn, eventTypes: [{ eventType: "Login", interval: "Daily", files: 1 }], hourlyAvailable: false, logFileInterval: "Daily", loginEventQueryable: false, objectOption: false };
const empty: CollectorReadiness = { ...freeTier, eventTypes: [], logFileInterval: null, readsNothing: true };

// The Filebeat block as lines, so a test can find a key under its parent.
const section = (yaml: string, header: string) => {
  const lines = yaml.split("\n");
  const start = lines.findIndex((l) => l.trim() === header);
  if (start < 0) return "";
  const indent = lines[start]!.search(/\S/);
  const end = lines.findIndex((l, i) => i > start && l.trim() !== "" && l.search(/\S/) <= indent);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
};

describe("collectorConfig: event_monitoring_method from the last test", () => {
  it("reads Hourly files and turns the object method on for an add-on org", () => {
    const config = collectorConfig({ ...base, readiness: addOn }, "62.0")!;
    const elf = section(config.filebeat, "event_log_file:");
    expect(elf).toContain("enabled: true");
    expect(elf).toContain("interval: 1h");
    expect(elf).toContain(`default: "SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='Hourly' ORDER BY CreatedDate ASC NULLS FIRST"`);
    expect(elf).toContain(`value: "SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='Hourly' AND CreatedDate > [[ .cursor.event_log_file.last_event_time ]] ORDER BY CreatedDate ASC NULLS FIRST"`);
    expect(elf).toContain('field: "CreatedDate"');
    const object = section(config.filebeat, "object:");
    expect(object).toContain("enabled: true");
    expect(object).toContain("interval: 1h");
    expect(object).toMatch(/default: "SELECT FIELDS\(STANDARD\) FROM LoginEvent/);
    expect(object).toMatch(/value: "SELECT FIELDS\(STANDARD\) FROM LoginEvent WHERE EventDate > \[\[ \.cursor\.object\./);
    expect(object).toContain('field: "EventDate"');
    expect(config.agent).toContain("log_file_interval: Hourly");
    expect(config.agent).toContain("object: true");
    expect(config.notes).toEqual([]);
  });

  it("reads Daily files and leaves the object method out for a free-tier org", () => {
    const config = collectorConfig({ ...base, readiness: freeTier }, "62.0")!;
    expect(config.filebeat).toContain("Interval='Daily'");
    expect(config.filebeat).not.toContain("Interval='Hourly'");
    expect(section(config.filebeat, "object:")).toBe("");
    expect(config.filebeat).not.toContain("FROM LoginEvent");
    expect(config.agent).toContain("log_file_interval: Daily");
    expect(config.agent).toContain("object: false");
    expect(config.notes.join(" ")).toMatch(/only Daily event log files/);
    expect(config.notes.join(" ")).toMatch(/LoginEvent is not readable/);
  });

  it("always keeps one method enabled, which Filebeat requires, and says when nothing would be read", () => {
    const config = collectorConfig({ ...base, readiness: empty }, "62.0")!;
    expect(section(config.filebeat, "event_log_file:")).toContain("enabled: true");
    expect(config.filebeat).toContain("Interval='Daily'");
    expect(config.notes.join(" ")).toMatch(/nothing for the collector to read yet/);
  });

  it("falls back to Elastic's Hourly default, object off, and asks for a test when nothing is known", () => {
    for (const readiness of [undefined, null]) {
      const config = collectorConfig({ ...base, readiness }, "62.0")!;
      expect(config.filebeat).toContain("Interval='Hourly'");
      expect(config.agent).toContain("object: false");
      expect(config.notes.join(" ")).toMatch(/Run Test connection/);
    }
  });

  it("hints to turn off the setupaudittrail stream when SetupAuditTrail is not readable", () => {
    const config = collectorConfig({ ...base, readiness: { ...addOn, setupAuditTrailQueryable: false } }, "62.0")!;
    expect(config.agent).toMatch(/setupaudittrail stream: turn it off/);
  });
});

describe("collectorConfig: the url the collector downloads from", () => {
  it("uses the token's instance_url when present", () => {
    const config = collectorConfig({ ...base, tokenInstanceUrl: "https://acme.my.salesforce.com/" }, "62.0")!;
    expect(config.filebeat).toContain("\n  url: https://acme.my.salesforce.com\n");
    const other = collectorConfig({ ...base, instanceUrl: "https://acme--dev.sandbox.my.salesforce.com", tokenInstanceUrl: "https://acme--dev.sandbox.my.salesforce.com" }, "62.0")!;
    expect(other.agent).toContain("instance_url: https://acme--dev.sandbox.my.salesforce.com\n");
  });

  it("never puts login or test as url, even when the connection was saved with one", () => {
    for (const host of ["https://login.salesforce.com", "https://test.salesforce.com", "https://LOGIN.salesforce.com"]) {
      const viaToken = collectorConfig({ ...base, instanceUrl: host, tokenHost: host, audience: host, tokenInstanceUrl: "https://acme.my.salesforce.com" }, "62.0")!;
      expect(viaToken.filebeat).toContain("\n  url: https://acme.my.salesforce.com\n");
      expect(viaToken.agent).toContain("instance_url: https://acme.my.salesforce.com\n");
      // The audience may still be login/test: that is jwt_url, not url.
      expect(viaToken.agent).toContain(`jwt_url: ${host}`);

      const unknown = collectorConfig({ ...base, instanceUrl: host, tokenHost: host, audience: host, tokenInstanceUrl: host }, "62.0")!;
      expect(unknown.filebeat).not.toMatch(/\n {2}url: https:\/\/(login|test)\.salesforce\.com/i);
      expect(unknown.agent).not.toMatch(/instance_url: https:\/\/(login|test)\.salesforce\.com/i);
      expect(unknown.warning).toMatch(/not login\.salesforce\.com or test\.salesforce\.com/);
    }
  });

  it("ignores a token instance_url that is not a URL", () => {
    const config = collectorConfig({ ...base, tokenInstanceUrl: "not a url" }, "62.0")!;
    expect(config.filebeat).toContain("\n  url: https://acme.my.salesforce.com\n");
    expect(config.warning).toBeNull();
  });
});
