import { DEFAULT_VERSIONS, type FakeState, type IssuedToken } from "./state";
import type { FakeResponse } from "./token-endpoint";

const INVALID_SESSION: FakeResponse = { status: 401, body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }] };
const NOT_FOUND: FakeResponse = { status: 404, body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }] };
const INVALID_TYPE_MESSAGE =
  "\nSELECT Id, EventType, LogDate FROM EventLogFile\n                                   ^\nERROR at Row:1:Column:36\nsObject type 'EventLogFile' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";

function bearer(state: FakeState, authorization: string | undefined): IssuedToken | undefined {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  return match?.[1] ? state.tokens.get(match[1]) : undefined;
}

function versionList(versions: string[]) {
  return [...versions].sort((a, b) => Number(a) - Number(b)).map((v) => ({ label: `Release ${v}`, url: `/services/data/v${v}`, version: v }));
}

/** The REST endpoints the preflight uses; null when the path is not one of them. */
export function handleRest(state: FakeState, origin: string, url: URL, authorization: string | undefined): FakeResponse | null {
  const session = bearer(state, authorization);
  if (url.pathname === "/services/data" || url.pathname === "/services/data/") {
    const versions = session?.app.versions ?? state.apps.at(-1)?.versions ?? DEFAULT_VERSIONS;
    return { status: 200, body: versionList(versions) };
  }
  const known = url.pathname === "/services/oauth2/userinfo" || url.pathname.startsWith("/services/data/v") || url.pathname.startsWith("/id/");
  if (!known) return null;
  if (!session) return INVALID_SESSION;
  const { app, username, userId } = session;
  if (url.pathname === "/services/oauth2/userinfo" || url.pathname === `/id/${app.orgId}/${userId}`) {
    return { status: 200, body: { sub: `${origin}/id/${app.orgId}/${userId}`, user_id: userId, organization_id: app.orgId, preferred_username: username, email: "integration@example.invalid", user_type: "STANDARD" } };
  }
  const m = /^\/services\/data\/v(\d+\.\d)\/(query|limits)\/?$/.exec(url.pathname);
  if (!m || !(app.versions ?? DEFAULT_VERSIONS).includes(m[1] ?? "")) return NOT_FOUND;
  if (m[2] === "limits") {
    if (app.limits === "forbidden") return { status: 403, body: [{ errorCode: "INSUFFICIENT_ACCESS", message: "The user does not have View Setup and Configuration" }] };
    return { status: 200, body: { DailyApiRequests: { Max: 15000, Remaining: 14990 } } };
  }
  const q = url.searchParams.get("q") ?? "";
  if (!/\bFROM\s+EventLogFile\b/i.test(q)) return { status: 400, body: [{ errorCode: "MALFORMED_QUERY", message: "The fake only knows the EventLogFile query" }] };
  if (app.eventLogs === "invalid_type") return { status: 400, body: [{ message: INVALID_TYPE_MESSAGE, errorCode: "INVALID_TYPE" }] };
  return {
    status: 200,
    body: { totalSize: 1, done: true, records: [{ attributes: { type: "EventLogFile", url: `/services/data/v${m[1]}/sobjects/EventLogFile/0AT000000000001AAA` }, Id: "0AT000000000001AAA", EventType: "API", LogDate: "2026-01-01T00:00:00.000+0000" }] },
  };
}
