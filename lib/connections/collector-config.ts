import type { CollectorReadiness } from "@/lib/salesforce/preflight";
import { collectorFiles } from "./collector-files";
import { logFileInterval, type CollectorInput, type LogFileInterval } from "./collector-settings";

export { collectorFiles, type CollectorFiles } from "./collector-files";
export {
  collectorFilesQuerySchema,
  keyPathSchema,
  type CollectorConnection,
  type CollectorInput,
  type CollectorTestFacts,
} from "./collector-settings";

/** `warning` needs action before the config works; `notes` explain choices made from the last test. */
export type CollectorConfig = { filebeat: string; agent: string; env: string; warning: string | null; notes: string[] };

function readinessNotes(r: CollectorReadiness | null | undefined, interval: LogFileInterval): string[] {
  if (!r)
    return [
      "Run Test connection again to tailor the log file interval and the object option to this org; until then the Hourly default is shown and the object method is off.",
    ];
  const notes: string[] = [];
  if (r.readsNothing)
    notes.push(
      "The last test found nothing for the collector to read yet: no event log files in the last 7 days and no LoginEvent.",
    );
  if (!r.hourlyAvailable)
    notes.push(
      r.logFileInterval === "Daily"
        ? "This org has only Daily event log files (no Event Monitoring add-on), so the collector reads Daily files."
        : `No event log files were seen in the last 7 days, so the interval ${interval} is a guess; test again once files exist.`,
    );
  if (!r.objectOption)
    notes.push("LoginEvent is not readable in this org, so the object method (real-time LoginEvent) is off.");
  if (!r.setupAuditTrailQueryable)
    notes.push(
      'SetupAuditTrail is not readable by this user: the Agent settings turn the setupaudittrail stream off; to collect it, give the user "View Setup and Configuration".',
    );
  return notes;
}

/** The page's view of the collector files (default key path); null until a test has saved a working pair. */
export function collectorConfig(c: CollectorInput, testedApiVersion: string | null): CollectorConfig | null {
  const files = collectorFiles(c, { testedApiVersion });
  if (!files) return null;
  return {
    filebeat: files.filebeatYml,
    agent: files.elasticAgentYml,
    env: files.env,
    warning: files.warning,
    notes: readinessNotes(c.readiness, logFileInterval(c.readiness)),
  };
}
