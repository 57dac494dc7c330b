import { diagnoseHttpStatus } from "./errors";
import { diagnoseRestError, parseRestErrors } from "./rest-errors";
import { failed, restGet, type CheckResult, type RestContext } from "./rest-client";

export { checkCollectorData, COLLECTOR_QUERIES, type CollectorReadiness } from "./collector-data";
export type { CheckResult, RestContext } from "./rest-client";

/** The collector (Elastic's salesforce input) needs API version 46 or later. */
const MIN_COLLECTOR_API_VERSION = 46;

export type VersionCheck = CheckResult & { apiVersion?: string; latestVersion?: string };
export type Identity = { userId?: string; organizationId?: string; username?: string };
export type IdentityCheck = CheckResult & { identity?: Identity };
export type IdentityOptions = { identityUrl?: string; apiVersion?: string };
export type LimitsInfo = { available: boolean; dailyApiRequests?: { max: number; remaining: number }; reason?: string };

/** "59", "v59", "59.0" → "59.0"; null when it is not a version. */
function normalizeApiVersion(value: string): string | null {
  const m = /^v?(\d{2,3})(?:\.(\d))?$/i.exec(value.trim());
  return m ? `${m[1]}.${m[2] ?? "0"}` : null;
}

/** GET /services/data/: the configured version must exist; without one, the latest is chosen. */
export async function checkApiVersion(ctx: RestContext, requested?: string): Promise<VersionCheck> {
  const wanted = requested && requested.trim() !== "" ? normalizeApiVersion(requested) : undefined;
  if (wanted === null) {
    return {
      status: "failed",
      message: `"${requested}" is not an API version; use a number like 62.0.`,
      diagnosis: {
        code: "invalid_api_version",
        fixableBy: "customer",
        title: "The API version is not valid",
        cause: "API versions look like 62.0.",
        fix: "Enter a version like 62.0, or leave it empty to use the latest.",
        stopEarly: false,
        tryNextPair: false,
      },
    };
  }
  const got = await restGet(ctx, "/services/data/", false);
  if (!got.ok) return failed(got.diagnosis);
  const list = got.res.json;
  // No token is sent here, so only Salesforce's own error body gets the REST reading.
  if (got.res.status !== 200 || !Array.isArray(list))
    return failed(
      got.res.status !== 200 && parseRestErrors(got.res.bodyText)
        ? diagnoseRestError(got.res.status, got.res.bodyText)
        : diagnoseHttpStatus(got.res.status),
    );
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
      diagnosis: {
        code: "api_version_unavailable",
        fixableBy: "customer",
        title: "This API version is not available",
        cause: `The org offers versions ${versions[0]} to ${latest}.`,
        fix: `Use ${latest}, or leave the version empty to use the latest.`,
        stopEarly: false,
        tryNextPair: false,
      },
    };
  }
  const chosen = wanted ?? latest;
  if (Number(chosen) < MIN_COLLECTOR_API_VERSION) {
    return {
      status: "warning",
      apiVersion: chosen,
      latestVersion: latest,
      message: `API version ${chosen} works, but the collector needs ${MIN_COLLECTOR_API_VERSION}.0 or later; the latest is ${latest}.`,
    };
  }
  return {
    status: "ok",
    apiVersion: chosen,
    latestVersion: latest,
    message: wanted
      ? `API version ${chosen} is available (latest ${latest}).`
      : `Using the latest API version, ${chosen}.`,
  };
}

const ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** Reads the org and user ids from the token's `id` URL (`…/id/<orgId>/<userId>`); null for anything else. */
export function parseIdentityUrl(value: unknown): { organizationId: string; userId: string } | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const m = /^\/id\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  const [organizationId, userId] = [m?.[1] ?? "", m?.[2] ?? ""];
  // The user id goes into a REST path, so only a well-formed Salesforce id passes.
  return ORG_ID.test(organizationId) && USER_ID.test(userId) ? { organizationId, userId } : null;
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function compareUsername(identity: Identity, username: string, via: string): IdentityCheck {
  if (!identity.username || identity.username.trim().toLowerCase() !== username.trim().toLowerCase()) {
    return {
      status: "failed",
      identity,
      message: `The token belongs to ${identity.username ?? "an unknown user"}, not ${username}.`,
      diagnosis: {
        code: "username_mismatch",
        fixableBy: "customer",
        title: "The token is for a different user",
        cause: `Salesforce identified the user as ${identity.username ?? "(none)"}.`,
        fix: "Enter the integration user's exact Salesforce username.",
        checklistStep: "user",
        stopEarly: false,
        tryNextPair: false,
      },
    };
  }
  return { status: "ok", identity, message: `Signed in as ${identity.username}${via}.` };
}

// userinfo needs the openid-style scopes; the User record needs only `api`.
async function identityFromUserRecord(
  ctx: RestContext,
  username: string,
  ref: { organizationId: string; userId: string },
  apiVersion: string,
  userinfoStatus: number,
): Promise<IdentityCheck> {
  const got = await restGet(ctx, `/services/data/v${apiVersion}/sobjects/User/${ref.userId}?fields=Username`, true);
  if (!got.ok) return failed(got.diagnosis);
  const { status, json, bodyText } = got.res;
  if (status !== 200 || typeof json !== "object" || json === null)
    return failed(status === 200 ? diagnoseHttpStatus(200) : diagnoseRestError(status, bodyText));
  const fields = json as Record<string, unknown>;
  const identity: Identity = {
    userId: str(fields.Id) ?? ref.userId,
    organizationId: ref.organizationId,
    username: str(fields.Username),
  };
  return compareUsername(identity, username, ` (read from the User record: userinfo answered HTTP ${userinfoStatus})`);
}

/**
 * The token must belong to the username that was entered. Asks GET /services/oauth2/userinfo; when that
 * answers 401/403, reads the User named by the token's id URL through the REST API instead.
 */
export async function checkIdentity(
  ctx: RestContext,
  username: string,
  opts: IdentityOptions = {},
): Promise<IdentityCheck> {
  const ref = parseIdentityUrl(opts.identityUrl);
  const got = await restGet(ctx, "/services/oauth2/userinfo", true);
  if (!got.ok) return failed(got.diagnosis);
  const { status, json, bodyText } = got.res;
  if (status === 200 && typeof json === "object" && json !== null) {
    const fields = json as Record<string, unknown>;
    const identity: Identity = {
      userId: str(fields.user_id) ?? ref?.userId,
      organizationId: str(fields.organization_id) ?? ref?.organizationId,
      username: str(fields.preferred_username),
    };
    return compareUsername(identity, username, "");
  }
  const apiVersion = opts.apiVersion ? normalizeApiVersion(opts.apiVersion) : null;
  if ((status === 401 || status === 403) && ref && apiVersion)
    return identityFromUserRecord(ctx, username, ref, apiVersion, status);
  return failed(status === 200 ? diagnoseHttpStatus(200) : diagnoseRestError(status, bodyText));
}

/** GET /limits needs "View Setup and Configuration"; its absence is never a failure. */
export async function checkLimits(ctx: RestContext, apiVersion: string): Promise<LimitsInfo> {
  const got = await restGet(ctx, `/services/data/v${apiVersion}/limits`, true);
  if (!got.ok) return { available: false, reason: got.diagnosis.title };
  if (got.res.status === 403)
    return {
      available: false,
      reason: 'The user lacks "View Setup and Configuration", so API limits cannot be shown.',
    };
  const daily = (got.res.json as { DailyApiRequests?: { Max?: unknown; Remaining?: unknown } } | undefined)
    ?.DailyApiRequests;
  if (got.res.status !== 200 || typeof daily?.Max !== "number" || typeof daily.Remaining !== "number")
    return { available: false, reason: `Limits were not readable (HTTP ${got.res.status}).` };
  return { available: true, dailyApiRequests: { max: daily.Max, remaining: daily.Remaining } };
}
