import { DEFAULT_VERSIONS, type FakeApp, type FakeState, type IssuedToken } from "./state";
import type { FakeResponse } from "./token-endpoint";

const INVALID_SESSION: FakeResponse = {
  status: 401,
  body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }],
};
const NOT_FOUND: FakeResponse = {
  status: 404,
  body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }],
};
// Salesforce answers a refused userinfo or REST call with a 403 and no body; the fake does the same everywhere.
const FORBIDDEN: FakeResponse = { status: 403, body: undefined };

type EventLogFiles = NonNullable<FakeApp["eventLogFiles"]>;

/** An org with the Event Monitoring add-on: Hourly files for the busy types, Daily files for all of them. */
const ADD_ON_EVENT_LOG_FILES: EventLogFiles = [
  ...["API", "Login", "Logout", "Report", "RestApi", "URI"].map((eventType) => ({
    eventType,
    interval: "Hourly" as const,
    files: 120,
  })),
  ...["API", "ApiTotalUsage", "Login", "Logout", "Report", "RestApi", "URI"].map((eventType) => ({
    eventType,
    interval: "Daily" as const,
    files: 7,
  })),
];

function invalidType(query: string, object: string): FakeResponse {
  const column = query.indexOf(object) + 1;
  const message = `\n${query}\n${" ".repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\nsObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;
  return { status: 400, body: [{ message, errorCode: "INVALID_TYPE" }] };
}

function bearer(state: FakeState, authorization: string | undefined): IssuedToken | undefined {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  return match?.[1] ? state.tokens.get(match[1]) : undefined;
}

function versionList(versions: string[]) {
  return [...versions]
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => ({ label: `Release ${v}`, url: `/services/data/v${v}`, version: v }));
}

function records(type: string, rows: Record<string, unknown>[]) {
  return {
    totalSize: rows.length,
    done: true,
    records: rows.map((r) => ({
      attributes: {
        type,
        ...(type === "AggregateResult" ? {} : { url: `/services/data/v62.0/sobjects/${type}/${String(r.Id)}` }),
      },
      ...r,
    })),
  };
}

// The preflight's SOQL: the EventLogFile summary (or the older single-file query), and the LoginEvent and SetupAuditTrail probes.
function query(app: FakeApp, q: string): FakeResponse {
  const from = /\bFROM\s+(\w+)/i.exec(q)?.[1] ?? "";
  if (from === "EventLogFile") {
    if (app.eventLogs === "invalid_type") return invalidType(q, from);
    const files = (app.eventLogFiles ?? ADD_ON_EVENT_LOG_FILES).filter((f) => f.files > 0);
    if (/\bGROUP\s+BY\b/i.test(q))
      return {
        status: 200,
        body: records(
          "AggregateResult",
          files.map((f) => ({ EventType: f.eventType, Interval: f.interval, n: f.files })),
        ),
      };
    const latest = files[0];
    return {
      status: 200,
      body: records(
        "EventLogFile",
        latest
          ? [{ Id: "0AT000000000001AAA", EventType: latest.eventType, LogDate: "2026-01-01T00:00:00.000+0000" }]
          : [],
      ),
    };
  }
  if (from === "LoginEvent")
    return app.loginEvent === false
      ? invalidType(q, from)
      : { status: 200, body: records(from, [{ Id: "3LE000000000001AAA" }]) };
  if (from === "SetupAuditTrail")
    return app.setupAuditTrail === false
      ? invalidType(q, from)
      : { status: 200, body: records(from, [{ Id: "0Ym000000000001AAA" }]) };
  return {
    status: 400,
    body: [
      {
        errorCode: "MALFORMED_QUERY",
        message: "The fake only knows the EventLogFile, LoginEvent and SetupAuditTrail queries",
      },
    ],
  };
}

// The Identity Service's answer for the token's `id` URL (not the OpenID userinfo shape); `{version}` is literal, as Salesforce sends it.
function identity(origin: string, id: string, orgId: string, userId: string, username: string) {
  const data = `${origin}/services/data/v{version}`;
  return {
    id,
    asserted_user: true,
    user_id: userId,
    organization_id: orgId,
    username,
    nick_name: username.split("@")[0],
    display_name: "Integration User",
    email: "integration@example.invalid",
    active: true,
    user_type: "STANDARD",
    language: "en_US",
    locale: "en_US",
    urls: { rest: `${data}/`, sobjects: `${data}/sobjects/`, query: `${data}/query/`, custom_domain: origin },
  };
}

/** The REST endpoints the preflight (and jsforce, in the interop test) uses; null when the path is not one of them. */
export function handleRest(
  state: FakeState,
  origin: string,
  url: URL,
  authorization: string | undefined,
): FakeResponse | null {
  const session = bearer(state, authorization);
  if (url.pathname === "/services/data" || url.pathname === "/services/data/") {
    const versions = session?.app.versions ?? state.apps.at(-1)?.versions ?? DEFAULT_VERSIONS;
    return { status: 200, body: versionList(versions) };
  }
  const known =
    url.pathname === "/services/oauth2/userinfo" ||
    url.pathname.startsWith("/services/data/v") ||
    url.pathname.startsWith("/id/");
  if (!known) return null;
  if (!session) return INVALID_SESSION;
  const { app, username, userId } = session;
  if (url.pathname === "/services/oauth2/userinfo") {
    if (app.userinfo === "forbidden") return FORBIDDEN;
    return {
      status: 200,
      body: {
        sub: `${origin}/id/${app.orgId}/${userId}`,
        user_id: userId,
        organization_id: app.orgId,
        preferred_username: username,
        email: "integration@example.invalid",
        user_type: "STANDARD",
      },
    };
  }
  if (url.pathname === `/id/${app.orgId}/${userId}`) {
    if (app.userinfo === "forbidden") return FORBIDDEN;
    // `id` is the URL the token answer gave, whichever host serves it.
    const id = `${app.identityOrigin ?? app.home ?? origin}/id/${app.orgId}/${userId}`;
    return { status: 200, body: identity(origin, id, app.orgId, userId, username) };
  }
  const m = /^\/services\/data\/v(\d+\.\d)\/(query|limits|sobjects\/User\/(\w+))\/?$/.exec(url.pathname);
  if (!m || !(app.versions ?? DEFAULT_VERSIONS).includes(m[1] ?? "")) return NOT_FOUND;
  if (app.restAccess === "forbidden") return FORBIDDEN;
  if (m[2] === "limits") {
    if (app.limits === "forbidden")
      return {
        status: 403,
        body: [{ errorCode: "INSUFFICIENT_ACCESS", message: "The user does not have View Setup and Configuration" }],
      };
    return { status: 200, body: { DailyApiRequests: { Max: 15000, Remaining: 14990 } } };
  }
  if (m[3] !== undefined) {
    // Only the token's own user is known; the fake keeps one user per token.
    if (m[3] !== userId)
      return { status: 404, body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }] };
    return {
      status: 200,
      body: {
        attributes: { type: "User", url: `/services/data/v${m[1]}/sobjects/User/${userId}` },
        Id: userId,
        Username: username,
      },
    };
  }
  return query(app, url.searchParams.get("q") ?? "");
}
