import { diagnoseHttpStatus, type Diagnosis } from "./errors";
import { diagnoseRestError, parseRestErrors, type QueriedObject } from "./rest-errors";
import { failed, restQuery, type CheckResult, type Fetched, type RestContext } from "./rest-client";

// What Elastic's salesforce input reads with its defaults (docs/salesforce.md §6): Hourly log files and the LoginEvent object.
export const COLLECTOR_QUERIES = {
  eventLogFiles:
    "SELECT EventType, Interval, COUNT(Id) n FROM EventLogFile WHERE LogDate = LAST_N_DAYS:7 GROUP BY EventType, Interval",
  loginEvent: "SELECT Id FROM LoginEvent LIMIT 1",
  setupAuditTrail: "SELECT Id FROM SetupAuditTrail LIMIT 1",
} as const;

type EventLogFileSummary = { eventType: string; interval: string; files: number };

/** What the collector would find in this org; plain JSON, stored with the test run. */
export type CollectorReadiness = {
  /** Event log files of the last 7 days, per event type and interval. */
  eventTypes: EventLogFileSummary[];
  /** False when EventLogFile itself is not readable (INVALID_TYPE). */
  eventLogFilesReadable: boolean;
  hourlyAvailable: boolean;
  /** The interval the collector should query; null when no file was seen. */
  logFileInterval: "Hourly" | "Daily" | null;
  loginEventQueryable: boolean;
  setupAuditTrailQueryable: boolean;
  /** The collector's `object` method (LoginEvent) can be on. */
  objectOption: boolean;
  /** No log file in the last 7 days and no LoginEvent: the collector would collect nothing. */
  readsNothing: boolean;
};

export type CollectorDataCheck = CheckResult & { collector?: CollectorReadiness };

type Probe = { readable: true; json: unknown } | { readable: false; diagnosis: Diagnosis; definite: boolean };

const MAX_LISTED = 12;

// "Definite" means Salesforce answered the query with a refusal; anything else (network, 5xx) leaves the question open.
function probe(got: Fetched, object: QueriedObject): Probe {
  if (!got.ok) return { readable: false, diagnosis: got.diagnosis, definite: false };
  const { status, bodyText, json } = got.res;
  if (status === 200 && typeof json === "object" && json !== null) return { readable: true, json };
  if (status === 200) return { readable: false, diagnosis: diagnoseHttpStatus(200), definite: false };
  const diagnosis = diagnoseRestError(status, bodyText, { object });
  return { readable: false, diagnosis, definite: status < 500 && parseRestErrors(bodyText) !== null };
}

function parseSummary(json: unknown): EventLogFileSummary[] {
  const records = (json as { records?: unknown }).records;
  if (!Array.isArray(records)) return [];
  const rows: EventLogFileSummary[] = [];
  for (const r of records as Record<string, unknown>[]) {
    const files = Number(r?.n ?? r?.expr0);
    if (typeof r?.EventType !== "string" || typeof r.Interval !== "string" || !Number.isFinite(files) || files <= 0)
      continue;
    rows.push({ eventType: r.EventType, interval: r.Interval, files });
  }
  const rank = (interval: string) => (interval === "Hourly" ? 0 : interval === "Daily" ? 1 : 2);
  return rows.sort(
    (a, b) =>
      rank(a.interval) - rank(b.interval) ||
      a.interval.localeCompare(b.interval) ||
      a.eventType.localeCompare(b.eventType),
  );
}

function listTypes(rows: EventLogFileSummary[]): string {
  const names = rows.map((r) => r.eventType);
  return names.length > MAX_LISTED
    ? `${names.slice(0, MAX_LISTED).join(", ")} and ${names.length - MAX_LISTED} more`
    : names.join(", ");
}

/** "Hourly: API, Login (2 types); Daily: Login (1 type)". */
function describeEventTypes(rows: EventLogFileSummary[]): string {
  const intervals = [...new Set(rows.map((r) => r.interval))];
  return intervals
    .map((interval) => {
      const of = rows.filter((r) => r.interval === interval);
      return `${interval}: ${listTypes(of)} (${of.length} type${of.length === 1 ? "" : "s"})`;
    })
    .join("; ");
}

function advice(
  code: string,
  title: string,
  cause: string,
  fix: string,
  checklistStep?: Diagnosis["checklistStep"],
): Diagnosis {
  const step = checklistStep ? { checklistStep } : {};
  return { code, title, cause, fix, ...step, fixableBy: "customer", stopEarly: false, tryNextPair: false };
}

/**
 * Asks what the collector would actually read: which event log files exist in the last 7 days
 * (by type and interval), and whether LoginEvent and SetupAuditTrail can be queried.
 */
export async function checkCollectorData(ctx: RestContext, apiVersion: string): Promise<CollectorDataCheck> {
  const [elfGot, loginGot, auditGot] = await Promise.all([
    restQuery(ctx, apiVersion, COLLECTOR_QUERIES.eventLogFiles),
    restQuery(ctx, apiVersion, COLLECTOR_QUERIES.loginEvent),
    restQuery(ctx, apiVersion, COLLECTOR_QUERIES.setupAuditTrail),
  ]);
  const elf = probe(elfGot, "EventLogFile");
  const login = probe(loginGot, "LoginEvent");
  const audit = probe(auditGot, "SetupAuditTrail");

  // Only INVALID_TYPE on EventLogFile is an answer about the org; any other failure there, or an open question, fails the check.
  if (!elf.readable && (!elf.definite || elf.diagnosis.code !== "event_log_file_unavailable"))
    return failed(elf.diagnosis);
  for (const p of [login, audit]) if (!p.readable && !p.definite) return failed(p.diagnosis);

  const eventTypes = elf.readable ? parseSummary(elf.json) : [];
  const hourly = eventTypes.filter((r) => r.interval === "Hourly");
  const daily = eventTypes.filter((r) => r.interval === "Daily");
  const readiness: CollectorReadiness = {
    eventTypes,
    eventLogFilesReadable: elf.readable,
    hourlyAvailable: hourly.length > 0,
    logFileInterval: hourly.length > 0 ? "Hourly" : daily.length > 0 ? "Daily" : null,
    loginEventQueryable: login.readable,
    setupAuditTrailQueryable: audit.readable,
    objectOption: login.readable,
    readsNothing: eventTypes.length === 0 && !login.readable,
  };

  const loginNote = login.readable
    ? "LoginEvent is readable, so the collector's object option is on."
    : "LoginEvent is not available, so the collector's object option is off.";
  const auditNote = audit.readable
    ? ""
    : " SetupAuditTrail is not readable, so the collector's setupaudittrail stream would collect nothing.";
  const result = (status: CheckResult["status"], message: string, diagnosis?: Diagnosis): CollectorDataCheck => ({
    status,
    message,
    ...(diagnosis ? { diagnosis } : {}),
    collector: readiness,
  });

  if (!elf.readable) {
    const d = elf.diagnosis;
    if (readiness.readsNothing)
      return result(
        "warning",
        `Connected, but the collector would read nothing yet: event log files are not readable and LoginEvent is not available. ${d.cause} ${d.fix}${auditNote}`,
        d,
      );
    return result("warning", `${d.title}: ${d.cause} ${d.fix} ${loginNote}${auditNote}`, d);
  }
  if (readiness.readsNothing) {
    const message =
      "Connected, but the collector would read nothing yet: there are no event log files from the last 7 days and LoginEvent is not available. " +
      'Daily log files appear about a day after activity, so test again tomorrow. If there are still none, check that the org has event log files (the Event Monitoring add-on for Hourly files) and that the integration user has "View Event Log Files".';
    const d = advice(
      "collector_reads_nothing",
      "The collector would read nothing yet",
      "No event log file exists for the last 7 days, and LoginEvent is not available.",
      'Wait a day for the daily log files; if none appear, check the Event Monitoring add-on and give the integration user "View Event Log Files".',
      "permission-set",
    );
    return result("warning", `${message}${auditNote}`, d);
  }
  if (eventTypes.length > 0 && hourly.length === 0) {
    const message = `No Event Monitoring add-on: only ${daily.length} daily event type${daily.length === 1 ? "" : "s"} will be collected (${listTypes(daily)}). Hourly log files are not available, so the collector reads Daily files. ${loginNote}${auditNote}`;
    const d = advice(
      "event_monitoring_addon_missing",
      "Only the free daily event log files exist",
      `Event log files of the last 7 days: ${describeEventTypes(eventTypes)}. Hourly files and the other event types need the Event Monitoring add-on.`,
      "Nothing to fix to collect the daily files. To collect hourly files and every event type, add Event Monitoring (or Salesforce Shield) to the org.",
    );
    return result("warning", message, d);
  }
  const found =
    eventTypes.length > 0
      ? `Event log files of the last 7 days: ${describeEventTypes(eventTypes)}. Hourly files are available.`
      : "No event log files from the last 7 days yet (they appear about a day after activity).";
  const problem = !login.readable ? login.diagnosis : !audit.readable ? audit.diagnosis : undefined;
  if (eventTypes.length === 0 || problem) return result("warning", `${found} ${loginNote}${auditNote}`, problem);
  return result("ok", `${found} ${loginNote}`);
}
