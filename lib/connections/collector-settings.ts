import { z } from "zod";
import { noControlCharacters } from "@/lib/validation/refinements";
import { isLoginHost } from "@/lib/salesforce/hosts";
import type { CollectorReadiness } from "@/lib/salesforce/preflight";

// What a connection that has passed Test connection gives the collector (docs/salesforce.md §6: Filebeat / Elastic Agent).
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

export type LogFileInterval = "Hourly" | "Daily";

export const DEFAULT_KEY_PATH = "/etc/filebeat/salesforce/server.pem";
export const URL_PLACEHOLDER = "https://<your-my-domain>.my.salesforce.com";
// The oldest API version the salesforce input accepts (beats config.go, Validate).
const MIN_INPUT_VERSION = 46;
const FALLBACK_VERSION = 62;

/** Where the collector host keeps the private key: an absolute POSIX or Windows path, printable, ≤ 255 characters. */
export const keyPathSchema = z
  .string()
  .min(1, "Enter the path of the private key on the collector host.")
  .max(255, "The key path must be 255 characters or fewer.")
  .refine(noControlCharacters, "The key path must not contain control characters such as line breaks or tabs.")
  .refine(
    (p) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p),
    "The key path must be absolute, e.g. /etc/filebeat/salesforce/server.pem.",
  );

const collectorFormatSchema = z.enum(["filebeat", "elastic-agent", "env"]);

/** The download's query string: `?format=filebeat|elastic-agent|env&keyPath=/path/server.pem`. */
export const collectorFilesQuerySchema = z.object({
  format: collectorFormatSchema,
  keyPath: keyPathSchema.default(DEFAULT_KEY_PATH),
});

/** Every value the collector files are made of, resolved once so the three formats agree. */
export type CollectorSettings = {
  /** The org's own origin, or null when only login/test (or nothing) is known. */
  instanceUrl: string | null;
  username: string;
  clientId: string;
  keyPath: string;
  audience: string;
  tokenHost: string;
  /** The token host differs from the audience: the stock Elastic input cannot express it. */
  mixedPair: boolean;
  version: number;
  logFileInterval: LogFileInterval;
  objectOn: boolean;
  readiness: CollectorReadiness | null;
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

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return a === b;
  }
}

function inputVersion(...candidates: (string | null | undefined)[]): number {
  for (const c of candidates) {
    const v = Math.trunc(Number(c ?? Number.NaN));
    if (Number.isFinite(v) && v >= MIN_INPUT_VERSION) return v;
  }
  return FALLBACK_VERSION;
}

// Without a file to go by, an org that has LoginEvent most likely has the add-on (and Hourly files); one without, most likely not.
export function logFileInterval(r: CollectorReadiness | null | undefined): LogFileInterval {
  if (!r) return "Hourly";
  return r.logFileInterval ?? (r.objectOption ? "Hourly" : "Daily");
}

/** Null until a test has saved a working pair (token host and audience) for a complete connection. */
export function collectorSettings(
  c: CollectorInput,
  testedApiVersion: string | null,
  keyPath: string = DEFAULT_KEY_PATH,
): CollectorSettings | null {
  if (!c.instanceUrl || !c.username || !c.clientId || !c.tokenHost || !c.audience) return null;
  const readiness = c.readiness ?? null;
  return {
    instanceUrl: instanceOrigin(c.tokenInstanceUrl) ?? instanceOrigin(c.instanceUrl),
    username: c.username,
    clientId: c.clientId,
    keyPath: keyPathSchema.parse(keyPath),
    audience: c.audience,
    tokenHost: c.tokenHost,
    mixedPair: !sameOrigin(c.tokenHost, c.audience),
    version: inputVersion(c.apiVersion, testedApiVersion),
    logFileInterval: logFileInterval(readiness),
    objectOn: readiness?.objectOption === true,
    readiness,
  };
}

/** What must change before the files work; null when nothing. */
export function collectorWarning(s: CollectorSettings): string | null {
  const warnings = [
    s.mixedPair
      ? `This org accepts the token request only at ${s.tokenHost} with the audience ${s.audience}. Elastic's salesforce input uses one URL for both (jwt_bearer_flow.url), so the stock input cannot log in to this org. ` +
        `The Filebeat file adds token_url: ${s.tokenHost}, which only a salesforce input version with a separate token URL reads (beats PR #43933); the Elastic Agent integration has no such setting yet.`
      : null,
    s.instanceUrl
      ? null
      : "The collector needs the org's own instance URL, not login.salesforce.com or test.salesforce.com: run Test connection (it records the instance URL Salesforce returns), or enter the My Domain URL.",
  ].filter((w): w is string => w !== null);
  return warnings.length > 0 ? warnings.join(" ") : null;
}
