import { isLoginHost } from "@/lib/salesforce/hosts";
import type { CollectorReadiness } from "@/lib/salesforce/preflight";

// The collector's settings for a connection that has passed Test connection (doc §8: Filebeat / Elastic Agent).
export type CollectorConnection = {
  instanceUrl: string | null;
  username: string | null;
  clientId: string | null;
  apiVersion: string | null;
  tokenHost: string | null;
  audience: string | null;
};

/** What the last test learned: what the collector can read, and the token's instance_url. */
export type CollectorTestFacts = {
  readiness?: CollectorReadiness | null;
  tokenInstanceUrl?: string | null;
};

export type CollectorInput = CollectorConnection & CollectorTestFacts;

/** `warning` needs action before the config works; `notes` explain choices made from the last test. */
export type CollectorConfig = { filebeat: string; agent: string; warning: string | null; notes: string[] };

const KEY_PATH = "/etc/filebeat/salesforce/server.pem";
const URL_PLACEHOLDER = "https://<your-my-domain>.my.salesforce.com";

function elfQueries(interval: "Hourly" | "Daily") {
  const select = `SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='${interval}'`;
  return {
    default: `${select} ORDER BY CreatedDate ASC NULLS FIRST`,
    value: `${select} AND CreatedDate > [[ .cursor.event_log_file.last_event_time ]] ORDER BY CreatedDate ASC NULLS FIRST`,
  };
}

const LOGIN_EVENT_QUERIES = {
  default: "SELECT FIELDS(STANDARD) FROM LoginEvent ORDER BY EventDate DESC",
  value: "SELECT FIELDS(STANDARD) FROM LoginEvent WHERE EventDate > [[ .cursor.object.first_event_time ]] ORDER BY EventDate DESC",
};

// The input downloads log files from url + LogFile, so url must be the org's own instance, never login/test.
function instanceOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return isLoginHost(url.hostname) ? null : url.origin;
  } catch {
    return null;
  }
}

// Without a file to go by, an org that has LoginEvent most likely has the add-on (and Hourly files); one without, most likely not.
function logFileInterval(r: CollectorReadiness | null | undefined): "Hourly" | "Daily" {
  if (!r) return "Hourly";
  return r.logFileInterval ?? (r.objectOption ? "Hourly" : "Daily");
}

function readinessNotes(r: CollectorReadiness | null | undefined, interval: "Hourly" | "Daily"): string[] {
  if (!r) return ["Run Test connection again to tailor the log file interval and the object option to this org; until then the Hourly default is shown and the object method is off."];
  const notes: string[] = [];
  if (r.readsNothing) notes.push("The last test found nothing for the collector to read yet: no event log files in the last 7 days and no LoginEvent.");
  if (!r.hourlyAvailable) notes.push(r.logFileInterval === "Daily" ? "This org has only Daily event log files (no Event Monitoring add-on), so the collector reads Daily files." : `No event log files were seen in the last 7 days, so the interval ${interval} is a guess; test again once files exist.`);
  if (!r.objectOption) notes.push("LoginEvent is not readable in this org, so the object method (real-time LoginEvent) is off.");
  if (!r.setupAuditTrailQueryable) notes.push('SetupAuditTrail is not readable by this user: turn off the Agent integration\'s setupaudittrail stream, or give the user "View Setup and Configuration".');
  return notes;
}

export function collectorConfig(c: CollectorInput, testedApiVersion: string | null): CollectorConfig | null {
  if (!c.instanceUrl || !c.username || !c.clientId || !c.tokenHost || !c.audience) return null;
  const version = Math.trunc(Number(c.apiVersion ?? testedApiVersion ?? "0")) || 62;
  const url = instanceOrigin(c.tokenInstanceUrl) ?? instanceOrigin(c.instanceUrl);
  const r = c.readiness;
  const interval = logFileInterval(r);
  const objectOn = r?.objectOption === true;
  const elf = elfQueries(interval);
  const warnings = [
    // Elastic uses one URL as both the token host and the audience; a mixed pair cannot be expressed there.
    c.tokenHost !== c.audience
      ? `This org needs token host ${c.tokenHost} with audience ${c.audience}. Elastic's salesforce input uses one URL for both, so set it to ${c.audience} and confirm with a test, or use a collector that takes them separately.`
      : null,
    url ? null : "The collector needs the org's own instance URL, not login.salesforce.com or test.salesforce.com: run Test connection (it records the instance URL Salesforce returns), or enter the My Domain URL.",
  ].filter((w): w is string => w !== null);
  const instance = url ?? URL_PLACEHOLDER;
  const filebeat = [
    "- type: salesforce",
    `  url: ${instance}`,
    `  version: ${version}`,
    "  auth.oauth2.jwt_bearer_flow:",
    "    enabled: true",
    `    client.id: ${c.clientId}`,
    `    client.username: ${c.username}`,
    `    client.key_path: ${KEY_PATH}  # this connection's private key, mode 0600`,
    `    url: ${c.audience}`,
    "  event_monitoring_method:",
    "    event_log_file:",
    "      enabled: true",
    "      interval: 1h",
    "      query:",
    `        default: "${elf.default}"`,
    `        value: "${elf.value}"`,
    "      cursor:",
    '        field: "CreatedDate"',
    ...(objectOn
      ? ["    object:", "      enabled: true", "      interval: 1h", "      query:", `        default: "${LOGIN_EVENT_QUERIES.default}"`, `        value: "${LOGIN_EVENT_QUERIES.value}"`, "      cursor:", '        field: "EventDate"']
      : [`    # object (LoginEvent) is off: ${r ? "LoginEvent is not readable in this org" : "not checked yet"}`]),
  ].join("\n");
  const agent = [
    `instance_url: ${instance}`,
    "jwt_enabled: true",
    `username: ${c.username}`,
    `client_id: ${c.clientId}`,
    `client_key_path: ${KEY_PATH}`,
    `jwt_url: ${c.audience}`,
    `api_version: ${version}.0`,
    "# login, logout and apex streams:",
    `log_file_interval: ${interval}`,
    "# login and logout streams (real-time objects; LoginEvent needs Real-Time Event Monitoring):",
    `object: ${objectOn}`,
    ...(r && !r.setupAuditTrailQueryable ? ["# setupaudittrail stream: turn it off (SetupAuditTrail is not readable by this user)"] : []),
  ].join("\n");
  return { filebeat, agent, warning: warnings.length > 0 ? warnings.join(" ") : null, notes: readinessNotes(r, interval) };
}
