import { diagnoseHttpStatus, type Diagnosis } from "./errors";

type RestAdvice = Omit<Diagnosis, "salesforceError" | "salesforceDescription" | "stopEarly" | "tryNextPair">;

// Doc §5: REST errors are arrays of {message, errorCode}.
const REST_CATALOGUE: Record<string, RestAdvice> = {
  INVALID_SESSION_ID: {
    code: "invalid_session",
    title: "Salesforce refused the new session for API calls",
    cause: 'The token was issued but the REST API rejected it: usually the app lacks the "Manage user data via APIs (api)" scope, or the session was revoked at once.',
    fix: 'Add the "Manage user data via APIs (api)" scope to the app\'s OAuth settings, wait a few minutes, and test again.',
    checklistStep: "scopes",
  },
  API_DISABLED_FOR_ORG: {
    code: "api_disabled",
    title: "API access is disabled for this user",
    cause: 'The integration user lacks the "API Enabled" permission, or the org\'s edition has no API access.',
    fix: 'Give the integration user "API Enabled" through its profile or a permission set.',
    checklistStep: "user",
  },
  REQUEST_LIMIT_EXCEEDED: {
    code: "request_limit_exceeded",
    title: "The org has used up its API requests",
    cause: "Salesforce refuses API calls once the org's rolling 24-hour request limit is reached.",
    fix: "Wait for usage to fall below the limit (Setup → Company Information shows it), or ask Salesforce to raise it.",
  },
  INVALID_TYPE: {
    code: "event_log_file_unavailable",
    title: "Event log files are not readable",
    cause: 'Either the org has no Event Monitoring licence, or the user lacks "View Event Log Files" and "API Enabled". Salesforce does not say which.',
    fix: 'Check that the org has Event Monitoring (Setup → Company Information → Permission Set Licenses), and give the user "View Event Log Files" and "API Enabled" through a permission set.',
    checklistStep: "user",
  },
};

export type RestError = { errorCode: string; message: string };

/** Reads Salesforce's `[{message, errorCode}]` error body; null when it is not one. */
export function parseRestErrors(bodyText: string): RestError[] | null {
  try {
    const value: unknown = JSON.parse(bodyText);
    const list = Array.isArray(value) ? value : [value];
    const errors = list.filter(
      (e): e is RestError => typeof e === "object" && e !== null && typeof (e as RestError).errorCode === "string",
    );
    return errors.length > 0 ? errors.map((e) => ({ errorCode: e.errorCode, message: typeof e.message === "string" ? e.message : "" })) : null;
  } catch {
    return null;
  }
}

/** Explains a failed REST call after the token was issued. */
export function diagnoseRestError(status: number, bodyText: string): Diagnosis {
  const errors = parseRestErrors(bodyText);
  const first = errors?.[0];
  if (!first) {
    if (status === 401) return { ...(REST_CATALOGUE.INVALID_SESSION_ID as RestAdvice), stopEarly: false, tryNextPair: false };
    return diagnoseHttpStatus(status);
  }
  const sf = { salesforceError: first.errorCode, salesforceDescription: first.message.slice(0, 500) };
  const advice = REST_CATALOGUE[first.errorCode];
  if (advice) return { ...advice, ...sf, stopEarly: false, tryNextPair: false };
  if (status >= 500) return { ...diagnoseHttpStatus(status), ...sf };
  return {
    code: "salesforce_rest_error",
    ...sf,
    title: `Salesforce refused the request: ${first.errorCode}`,
    cause: `Salesforce said: "${sf.salesforceDescription}" (HTTP ${status})`,
    fix: "Check the integration user's permissions; if this persists, send this message to support.",
    stopEarly: false,
    tryNextPair: false,
  };
}
