import { Document, isNode, parse, visit } from "yaml";
import {
  collectorSettings,
  collectorWarning,
  DEFAULT_KEY_PATH,
  URL_PLACEHOLDER,
  type CollectorInput,
  type CollectorSettings,
  type LogFileInterval,
} from "./collector-settings";

/** The three files a collector host needs; `warning` says what must change before they work. */
export type CollectorFiles = { filebeatYml: string; elasticAgentYml: string; env: string; warning: string | null };

function elfQueries(interval: LogFileInterval) {
  const select = `SELECT Id,CreatedDate,LogDate,LogFile FROM EventLogFile WHERE Interval='${interval}'`;
  return {
    default: `${select} ORDER BY CreatedDate ASC NULLS FIRST`,
    value: `${select} AND CreatedDate > [[ .cursor.event_log_file.last_event_time ]] ORDER BY CreatedDate ASC NULLS FIRST`,
  };
}

const LOGIN_EVENT_QUERIES = {
  default: "SELECT FIELDS(STANDARD) FROM LoginEvent ORDER BY EventDate DESC",
  value:
    "SELECT FIELDS(STANDARD) FROM LoginEvent WHERE EventDate > [[ .cursor.object.first_event_time ]] ORDER BY EventDate DESC",
};

// Beats and Elastic Agent read YAML 1.1 (go-yaml); Kibana and most tools read 1.2. A string stays plain only if both read it back as itself.
function readsBackAsItself(text: string): boolean {
  try {
    return parse(text, { version: "1.1" }) === text && parse(text, { version: "1.2" }) === text;
  } catch {
    return false;
  }
}

function render(doc: Document): string {
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "string" && !readsBackAsItself(node.value)) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0 });
}

// Comments are fixed text: a value typed by a user never goes into one. "after" ends the value's line; "before" opens a block.
function comment(doc: Document, path: (string | number)[], text: string, where: "after" | "before" = "after"): void {
  const node = doc.getIn(path, true);
  if (!isNode(node)) return;
  if (where === "before") node.commentBefore = ` ${text}`;
  else node.comment = ` ${text}`;
}

function filebeatYml(s: CollectorSettings): string {
  const elf = elfQueries(s.logFileInterval);
  const jwt = {
    enabled: true,
    "client.id": s.clientId,
    "client.username": s.username,
    "client.key_path": s.keyPath,
    url: s.audience,
    ...(s.mixedPair ? { token_url: s.tokenHost } : {}),
  };
  const input = {
    type: "salesforce",
    enabled: true,
    url: s.instanceUrl ?? URL_PLACEHOLDER,
    version: s.version,
    "auth.oauth2": { jwt_bearer_flow: jwt },
    event_monitoring_method: {
      // Always on: Filebeat refuses an input without at least one enabled method.
      event_log_file: { enabled: true, interval: "1h", query: elf, cursor: { field: "CreatedDate" } },
      ...(s.objectOn
        ? { object: { enabled: true, interval: "1h", query: LOGIN_EVENT_QUERIES, cursor: { field: "EventDate" } } }
        : {}),
    },
  };
  const doc = new Document({ "filebeat.inputs": [input] }, { version: "1.1" });
  doc.commentBefore =
    " filebeat.yml: the salesforce input (JWT bearer flow) for this connection, from its last successful Test connection.";
  const base = ["filebeat.inputs", 0];
  const auth = [...base, "auth.oauth2", "jwt_bearer_flow"];
  if (!s.instanceUrl) comment(doc, [...base, "url"], "replace with the org's My Domain URL");
  comment(doc, [...auth, "client.key_path"], "this connection's private key: unencrypted PEM, mode 0600");
  comment(doc, [...auth, "url"], s.mixedPair ? "the audience (aud)" : "the token host and the audience (aud)");
  if (s.mixedPair)
    comment(
      doc,
      [...auth, "token_url"],
      "needs a salesforce input version that reads token_url (beats PR #43933); older inputs ignore it and send the token request to url",
    );
  if (!s.objectOn)
    comment(
      doc,
      [...base, "event_monitoring_method"],
      `object (LoginEvent) is off: ${s.readiness ? "LoginEvent is not readable in this org" : "not checked yet, run Test connection"}`,
      "before",
    );
  return render(doc);
}

function elasticAgentYml(s: CollectorSettings): string {
  const apiVersion = String(s.version);
  const fromLogFiles = {
    enabled: true,
    api_version: apiVersion,
    event_log_file: true,
    log_file_interval: s.logFileInterval,
    object: s.objectOn,
  };
  const auditReadable = s.readiness?.setupAuditTrailQueryable !== false;
  const doc = new Document(
    {
      vars: {
        instance_url: s.instanceUrl ?? URL_PLACEHOLDER,
        jwt_enabled: true,
        username: s.username,
        client_id: s.clientId,
        client_key_path: s.keyPath,
        jwt_url: s.audience,
      },
      streams: {
        login: fromLogFiles,
        logout: { ...fromLogFiles },
        apex: { enabled: true, api_version: apiVersion, log_file_interval: s.logFileInterval },
        setupaudittrail: { enabled: auditReadable, api_version: apiVersion },
      },
    },
    { version: "1.1" },
  );
  doc.commentBefore = [
    " elastic-agent.yml: settings for Elastic's Salesforce integration, for this connection.",
    " vars: the integration's settings (Fleet: Integrations > Salesforce > Add, or a standalone policy's salesforce input).",
    " streams.<data stream>: each data stream's settings (login, logout, apex, setupaudittrail), under the integration's own names.",
    " object: false means LoginEvent (Real-Time Event Monitoring) is not readable, so only event log files are read.",
  ].join("\n");
  if (s.mixedPair)
    comment(
      doc,
      ["vars", "jwt_url"],
      "the integration also sends the token request here; it has no separate token URL (see the warning)",
    );
  if (!auditReadable)
    comment(doc, ["streams", "setupaudittrail", "enabled"], "off: SetupAuditTrail is not readable by this user");
  return render(doc);
}

// Single quotes keep every character literal in a POSIX shell; a quote inside becomes '\''.
const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

function envFile(s: CollectorSettings): string {
  const vars: [string, string][] = [
    ["SALESFORCE_INSTANCE_URL", s.instanceUrl ?? URL_PLACEHOLDER],
    ["SALESFORCE_USERNAME", s.username],
    ["SALESFORCE_CLIENT_ID", s.clientId],
    ["SALESFORCE_KEY_PATH", s.keyPath],
    ["SALESFORCE_AUDIENCE", s.audience],
    ["SALESFORCE_TOKEN_URL", s.tokenHost],
    ["SALESFORCE_API_VERSION", `${s.version}.0`],
    ["SALESFORCE_LOG_FILE_INTERVAL", s.logFileInterval],
    ["SALESFORCE_OBJECT", String(s.objectOn)],
  ];
  return (
    [
      "# Salesforce collector settings for scripts: set -a; . ./salesforce.env; set +a",
      ...vars.map(([k, v]) => `${k}=${shellQuote(v)}`),
    ].join("\n") + "\n"
  );
}

/**
 * The collector's files for a connection with a saved working pair; null until a test has saved one.
 * Throws a ZodError when keyPath is not an absolute, printable path of at most 255 characters.
 */
export function collectorFiles(
  input: CollectorInput,
  { keyPath = DEFAULT_KEY_PATH, testedApiVersion = null }: { keyPath?: string; testedApiVersion?: string | null } = {},
): CollectorFiles | null {
  const s = collectorSettings(input, testedApiVersion, keyPath);
  if (!s) return null;
  return {
    filebeatYml: filebeatYml(s),
    elasticAgentYml: elasticAgentYml(s),
    env: envFile(s),
    warning: collectorWarning(s),
  };
}
