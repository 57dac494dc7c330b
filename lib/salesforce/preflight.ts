import { diagnoseHttpStatus, diagnoseOutboundError, type Diagnosis } from "./errors";
import { OutboundError, salesforceRequest, type OutboundResponse, type Resolver } from "./outbound";
import { diagnoseRestError } from "./rest-errors";

/** The collector (Elastic's salesforce input) needs API version 46 or later. */
export const MIN_COLLECTOR_API_VERSION = 46;
export const EVENT_LOG_QUERY = "SELECT Id, EventType, LogDate FROM EventLogFile ORDER BY LogDate DESC LIMIT 1";

export type RestContext = {
  instanceUrl: string;
  accessToken: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  extraOrigins?: readonly string[];
  resolve?: Resolver;
};

export type CheckResult = { status: "ok" | "warning" | "failed"; message: string; diagnosis?: Diagnosis };
export type VersionCheck = CheckResult & { apiVersion?: string; latestVersion?: string };
export type Identity = { userId?: string; organizationId?: string; username?: string };
export type IdentityCheck = CheckResult & { identity?: Identity };
export type LimitsInfo = { available: boolean; dailyApiRequests?: { max: number; remaining: number }; reason?: string };

type Fetched = { ok: true; res: OutboundResponse } | { ok: false; diagnosis: Diagnosis };

async function restGet(ctx: RestContext, path: string, auth: boolean): Promise<Fetched> {
  try {
    const res = await salesforceRequest({
      url: `${ctx.instanceUrl}${path}`,
      headers: auth ? { authorization: `Bearer ${ctx.accessToken}` } : {},
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      extraOrigins: ctx.extraOrigins,
      resolve: ctx.resolve,
    });
    return { ok: true, res };
  } catch (err) {
    if (err instanceof OutboundError) return { ok: false, diagnosis: diagnoseOutboundError(err) };
    throw err;
  }
}

function failed(diagnosis: Diagnosis): CheckResult {
  return { status: "failed", message: `${diagnosis.title}. ${diagnosis.fix}`, diagnosis };
}

/** "59", "v59", "59.0" → "59.0"; null when it is not a version. */
export function normalizeApiVersion(value: string): string | null {
  const m = /^v?(\d{2,3})(?:\.(\d))?$/i.exec(value.trim());
  return m ? `${m[1]}.${m[2] ?? "0"}` : null;
}

/** GET /services/data/: the configured version must exist; without one, the latest is chosen. */
export async function checkApiVersion(ctx: RestContext, requested?: string): Promise<VersionCheck> {
  const wanted = requested && requested.trim() !== "" ? normalizeApiVersion(requested) : undefined;
  if (wanted === null) {
    return { status: "failed", message: `"${requested}" is not an API version; use a number like 62.0.`, diagnosis: { code: "invalid_api_version", title: "The API version is not valid", cause: "API versions look like 62.0.", fix: "Enter a version like 62.0, or leave it empty to use the latest.", stopEarly: false, tryNextPair: false } };
  }
  const got = await restGet(ctx, "/services/data/", false);
  if (!got.ok) return failed(got.diagnosis);
  const list = got.res.json;
  if (got.res.status !== 200 || !Array.isArray(list)) return failed(got.res.status === 200 ? diagnoseHttpStatus(got.res.status) : diagnoseRestError(got.res.status, got.res.bodyText));
  const versions = list
    .map((v: unknown) => (typeof v === "object" && v !== null ? (v as { version?: unknown }).version : undefined))
    .filter((v): v is string => typeof v === "string" && normalizeApiVersion(v) !== null)
    .sort((a, b) => Number(a) - Number(b));
  const latest = versions.at(-1);
  if (!latest) return failed(diagnoseHttpStatus(got.res.status));
  if (wanted && !versions.includes(wanted)) {
    return {
      status: "failed",
      apiVersion: latest,
      latestVersion: latest,
      message: `API version ${wanted} is not available on this org; the latest is ${latest}.`,
      diagnosis: { code: "api_version_unavailable", title: "This API version is not available", cause: `The org offers versions ${versions[0]} to ${latest}.`, fix: `Use ${latest}, or leave the version empty to use the latest.`, stopEarly: false, tryNextPair: false },
    };
  }
  const chosen = wanted ?? latest;
  if (Number(chosen) < MIN_COLLECTOR_API_VERSION) {
    return { status: "warning", apiVersion: chosen, latestVersion: latest, message: `API version ${chosen} works, but the collector needs ${MIN_COLLECTOR_API_VERSION}.0 or later; the latest is ${latest}.` };
  }
  return { status: "ok", apiVersion: chosen, latestVersion: latest, message: wanted ? `API version ${chosen} is available (latest ${latest}).` : `Using the latest API version, ${chosen}.` };
}

/** GET /services/oauth2/userinfo: the token must belong to the username that was entered. */
export async function checkIdentity(ctx: RestContext, username: string): Promise<IdentityCheck> {
  const got = await restGet(ctx, "/services/oauth2/userinfo", true);
  if (!got.ok) return failed(got.diagnosis);
  const info = got.res.json;
  if (got.res.status !== 200 || typeof info !== "object" || info === null) return failed(got.res.status === 200 ? diagnoseHttpStatus(200) : diagnoseRestError(got.res.status, got.res.bodyText));
  const fields = info as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const identity: Identity = { userId: str(fields.user_id), organizationId: str(fields.organization_id), username: str(fields.preferred_username) };
  if (!identity.username || identity.username.trim().toLowerCase() !== username.trim().toLowerCase()) {
    return {
      status: "failed",
      identity,
      message: `The token belongs to ${identity.username ?? "an unknown user"}, not ${username}.`,
      diagnosis: { code: "username_mismatch", title: "The token is for a different user", cause: `Salesforce identified the user as ${identity.username ?? "(none)"}.`, fix: "Enter the integration user's exact Salesforce username.", checklistStep: "user", stopEarly: false, tryNextPair: false },
    };
  }
  return { status: "ok", identity, message: `Signed in as ${identity.username}.` };
}

/** The query the collector relies on; INVALID_TYPE is a warning with both possible causes. */
export async function checkEventLogs(ctx: RestContext, apiVersion: string): Promise<CheckResult> {
  const got = await restGet(ctx, `/services/data/v${apiVersion}/query?q=${encodeURIComponent(EVENT_LOG_QUERY)}`, true);
  if (!got.ok) return failed(got.diagnosis);
  const { status, bodyText, json } = got.res;
  if (status === 200 && typeof json === "object" && json !== null) {
    const total = (json as { totalSize?: unknown }).totalSize;
    return { status: "ok", message: total === 0 ? "Event log files are readable; none exist yet (they appear after the first day of activity)." : "Event log files are readable." };
  }
  if (status === 200) return failed(diagnoseHttpStatus(200));
  const diagnosis = diagnoseRestError(status, bodyText);
  if (diagnosis.code === "event_log_file_unavailable") return { status: "warning", message: diagnosis.cause, diagnosis };
  return failed(diagnosis);
}

/** GET /limits needs "View Setup and Configuration"; its absence is never a failure. */
export async function checkLimits(ctx: RestContext, apiVersion: string): Promise<LimitsInfo> {
  const got = await restGet(ctx, `/services/data/v${apiVersion}/limits`, true);
  if (!got.ok) return { available: false, reason: got.diagnosis.title };
  if (got.res.status === 403) return { available: false, reason: 'The user lacks "View Setup and Configuration", so API limits cannot be shown.' };
  const daily = (got.res.json as { DailyApiRequests?: { Max?: unknown; Remaining?: unknown } } | undefined)?.DailyApiRequests;
  if (got.res.status !== 200 || typeof daily?.Max !== "number" || typeof daily.Remaining !== "number") return { available: false, reason: `Limits were not readable (HTTP ${got.res.status}).` };
  return { available: true, dailyApiRequests: { max: daily.Max, remaining: daily.Remaining } };
}
