import { diagnoseHttpStatus, type Diagnosis } from "./errors";

type RestAdvice = Omit<Diagnosis, "salesforceError" | "salesforceDescription" | "stopEarly" | "tryNextPair">;

// Doc §5: REST errors are arrays of {message, errorCode}.
export const REST_CATALOGUE: Record<string, RestAdvice> = {
  INVALID_SESSION_ID: {
    code: "invalid_session",
    fixableBy: "customer",
    title: "Salesforce refused the new session for API calls",
    cause:
      'The token was issued but the REST API rejected it: usually the app lacks the "Manage user data via APIs (api)" scope, or the session was revoked at once.',
    fix: 'Add the "Manage user data via APIs (api)" scope to the app\'s OAuth settings, wait a few minutes, and test again.',
    checklistStep: "scopes",
  },
  API_DISABLED_FOR_ORG: {
    code: "api_disabled",
    fixableBy: "customer",
    title: "API access is disabled for this user",
    cause: 'The integration user lacks the "API Enabled" permission, or the org\'s edition has no API access.',
    fix: 'Give the integration user "API Enabled" through its profile or a permission set.',
    checklistStep: "user",
  },
  REQUEST_LIMIT_EXCEEDED: {
    code: "request_limit_exceeded",
    fixableBy: "customer",
    title: "The org has used up its API requests",
    cause: "Salesforce refuses API calls once the org's rolling 24-hour request limit is reached.",
    fix: "Wait for usage to fall below the limit (Setup → Company Information shows it), or ask Salesforce to raise it.",
  },
};

// INVALID_TYPE names no cause; what it means depends on the object that was queried.
export const INVALID_TYPE_BY_OBJECT: Record<string, RestAdvice> = {
  EventLogFile: {
    code: "event_log_file_unavailable",
    fixableBy: "customer",
    title: "Event log files are not readable",
    cause:
      'Salesforce answered INVALID_TYPE for EventLogFile: the integration user lacks "View Event Log Files" (or "API Enabled"), or the org\'s edition has no event log files at all (no Event Monitoring licence). Salesforce does not say which.',
    fix: 'Give the integration user "View Event Log Files" and "API Enabled" through a permission set, then test again. If it persists, check the org\'s edition and Event Monitoring licence in Setup → Company Information.',
    checklistStep: "permission-set",
  },
  LoginEvent: {
    code: "login_event_unavailable",
    fixableBy: "customer",
    title: "LoginEvent is not readable",
    cause:
      'Salesforce answered INVALID_TYPE for LoginEvent: the org has no Real-Time Event Monitoring (part of the Event Monitoring add-on), or the integration user lacks "View Real-Time Event Monitoring Data".',
    fix: 'Leave the collector\'s object option off; logins still arrive through the Login event log files. To collect LoginEvent, license Real-Time Event Monitoring, turn on storage for Login Event in Setup → Event Manager, and give the user "View Real-Time Event Monitoring Data".',
  },
  SetupAuditTrail: {
    code: "setup_audit_trail_unavailable",
    fixableBy: "customer",
    title: "The setup audit trail is not readable",
    cause:
      'Salesforce answered INVALID_TYPE for SetupAuditTrail: the integration user lacks "View Setup and Configuration".',
    fix: 'Give the integration user "View Setup and Configuration" through a permission set, or turn off the collector\'s setupaudittrail stream.',
  },
};

export const UNKNOWN_INVALID_TYPE: RestAdvice = {
  code: "object_unavailable",
  fixableBy: "customer",
  title: "Salesforce does not let this user read that object",
  cause:
    "Salesforce answered INVALID_TYPE: the object is not in the org's edition, or the integration user lacks the permission to read it.",
  fix: "Check the integration user's permissions; if this persists, send this message to support.",
};

// A 401/403 without Salesforce's error body, after a token was issued: not a wrong host, the token is refused for this call.
export const ACCESS_REFUSED: RestAdvice = {
  code: "rest_access_refused",
  fixableBy: "customer",
  title: "Salesforce refused the access token for this call",
  cause:
    "The token was issued, but this API call was refused without an explanation: the app's OAuth scopes do not cover it, or the integration user lacks a permission it needs.",
  fix: 'Check that the app\'s OAuth scopes include "Manage user data via APIs (api)" (changes take a few minutes to apply), and that the integration user has "API Enabled".',
  checklistStep: "scopes",
};

/** The objects the preflight queries; their INVALID_TYPE answers get their own advice. */
export type QueriedObject = "EventLogFile" | "LoginEvent" | "SetupAuditTrail";

export type RestError = { errorCode: string; message: string };

/** Reads Salesforce's `[{message, errorCode}]` error body; null when it is not one. */
export function parseRestErrors(bodyText: string): RestError[] | null {
  try {
    const value: unknown = JSON.parse(bodyText);
    const list = Array.isArray(value) ? value : [value];
    const errors = list.filter(
      (e): e is RestError => typeof e === "object" && e !== null && typeof (e as RestError).errorCode === "string",
    );
    return errors.length > 0
      ? errors.map((e) => ({ errorCode: e.errorCode, message: typeof e.message === "string" ? e.message : "" }))
      : null;
  } catch {
    return null;
  }
}

function invalidTypeAdvice(message: string, queried: QueriedObject | undefined): RestAdvice {
  const named = queried ?? /sObject type '(\w+)' is not supported/.exec(message)?.[1];
  return (
    (named && Object.hasOwn(INVALID_TYPE_BY_OBJECT, named) ? INVALID_TYPE_BY_OBJECT[named] : undefined) ??
    UNKNOWN_INVALID_TYPE
  );
}

/**
 * Explains a failed REST call made with an issued token. `object` names what a query asked for,
 * so INVALID_TYPE gets that object's advice (otherwise it is read from Salesforce's message).
 */
export function diagnoseRestError(status: number, bodyText: string, opts: { object?: QueriedObject } = {}): Diagnosis {
  const errors = parseRestErrors(bodyText);
  const first = errors?.[0];
  if (!first) {
    if (status === 401 || status === 403)
      return {
        ...ACCESS_REFUSED,
        cause: `${ACCESS_REFUSED.cause} (HTTP ${status})`,
        stopEarly: false,
        tryNextPair: false,
      };
    return diagnoseHttpStatus(status);
  }
  const sf = { salesforceError: first.errorCode, salesforceDescription: first.message.slice(0, 500) };
  const advice =
    first.errorCode === "INVALID_TYPE"
      ? invalidTypeAdvice(first.message, opts.object)
      : Object.hasOwn(REST_CATALOGUE, first.errorCode)
        ? REST_CATALOGUE[first.errorCode]
        : undefined;
  if (advice) return { ...advice, ...sf, stopEarly: false, tryNextPair: false };
  if (status >= 500) return { ...diagnoseHttpStatus(status), ...sf };
  return {
    code: "salesforce_rest_error",
    fixableBy: "customer",
    ...sf,
    title: `Salesforce refused the request: ${first.errorCode}`,
    cause: `Salesforce said: "${sf.salesforceDescription}" (HTTP ${status})`,
    fix: "Check the integration user's permissions; if this persists, send this message to support.",
    stopEarly: false,
    tryNextPair: false,
  };
}
