import type { OutboundError } from "./outbound";

export type ChecklistStep =
  "client-id" | "upload-certificate" | "permitted-users" | "permission-set" | "scopes" | "my-domain" | "user";

export type Diagnosis = {
  /** Stable identifier, safe to store and to switch on in the UI. */
  code: string;
  salesforceError?: string;
  salesforceDescription?: string;
  title: string;
  cause: string;
  fix: string;
  checklistStep?: ChecklistStep;
  /** No other (host, audience) pair can fix this, whichever host said it: stop trying. */
  stopEarly: boolean;
  /**
   * Final only when the org's own My Domain said it: the org, app and user were resolved there, so more tries only add
   * failed logins to the user's Login History. From login/test it means "not known here": try the next pair.
   */
  finalOnMyDomain?: boolean;
  /** The error depends on the pair, so another pair may succeed (and this error explains little). */
  tryNextPair: boolean;
};

type Advice = Omit<Diagnosis, "salesforceError" | "salesforceDescription">;
type CatalogueRow = { error: string; contains?: string; advice: Advice };

const IP_RESTRICTED_FIX =
  "In the app's Policies set IP Relaxation to \"Relax IP restrictions\", or add the collector's egress IP address to the integration user's profile → Login IP Ranges. Test connection ran from the portal's IP address, which may differ from the collector's: allow both.";

const USER_BLOCKED_FIX =
  'Reactivate, unfreeze or unlock the integration user in Setup → Users. If the user has login IP ranges, set IP Relaxation to "Relax IP restrictions" in the app\'s policies.';

// Doc §4. Order matters: the first row whose error matches and whose text is in the description wins.
const TOKEN_CATALOGUE: CatalogueRow[] = [
  {
    error: "invalid_client_id",
    advice: {
      code: "invalid_client_id",
      title: "Salesforce does not know this Client ID",
      cause:
        "The consumer key is wrong, the app belongs to another org (for example created in production but used on a sandbox), or recent app changes have not propagated yet.",
      fix: "Copy the Client ID again from Setup → External Client App Manager → your app → OAuth Settings, and use the org that owns the app. App changes take 2–10 minutes to apply.",
      checklistStep: "client-id",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "invalid assertion",
    advice: {
      code: "invalid_assertion",
      title: "The certificate in Salesforce does not match this key",
      cause: "The JWT was signed with a private key whose certificate is not the one uploaded to the app.",
      fix: "Upload this connection's current server.crt to the app (Flow Enablement → Enable JWT Bearer Flow) and compare the SHA-256 fingerprints.",
      checklistStep: "upload-certificate",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "audience is invalid",
    advice: {
      code: "audience_invalid",
      title: "This login endpoint does not accept that audience",
      cause: "The aud claim is not accepted by the token endpoint that was called.",
      fix: "The test tries every host and audience; if all of them fail, check that the instance is marked correctly as production or sandbox.",
      checklistStep: "my-domain",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "user hasn't approved this consumer",
    advice: {
      code: "user_not_approved",
      title: "The user is not pre-authorized for the app",
      cause:
        "The user is not pre-authorized, the profile or permission set is not added to the app, the refresh_token scope is missing, the username does not exist in this org, or the wrong environment was used.",
      fix: "In the app's Policies set Permitted Users to \"Admin approved users are pre-authorized\" and add the integration user's profile or permission set; include the api and refresh_token, offline_access scopes. A permission set on the Salesforce API Integration licence cannot hold assigned apps: use the profile or a second permission set.",
      checklistStep: "permitted-users",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  // Matched by description whatever the error field says (invalid_app_access, invalid_grant, …).
  {
    error: "*",
    contains: "not admin approved",
    advice: {
      code: "user_not_admin_approved",
      title: "The user is not admin approved for this app",
      cause:
        "The app is admin-approved only and the user's profile or permission set is not assigned to it, or API Access Control blocks the app.",
      fix: "Assign the user's profile or permission set to the app; if API Access Control is on, allow-list the app.",
      checklistStep: "permitted-users",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_app_access",
    advice: {
      code: "user_not_admin_approved",
      title: "The user is not admin approved for this app",
      cause:
        "The app is admin-approved only and the user's profile or permission set is not assigned to it, or API Access Control blocks the app.",
      fix: "Assign the user's profile or permission set to the app; if API Access Control is on, allow-list the app.",
      checklistStep: "permitted-users",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "app_not_found",
    advice: {
      code: "app_not_installed",
      title: "The app is not installed in the org that was reached",
      cause: "The request reached an org without the app, or login/test was used where the My Domain is required.",
      fix: "Use the My Domain URL as the instance URL, and create the External Client App in this org.",
      checklistStep: "my-domain",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_request",
    contains: "refresh_token scope is required",
    advice: {
      code: "refresh_scope_required",
      title: "The app lacks the refresh_token scope or the user is not pre-authorized",
      cause:
        "Salesforce requires the refresh_token, offline_access scope and an admin pre-authorized user for the JWT bearer flow.",
      fix: 'Add "Perform requests at any time (refresh_token, offline_access)" to the app\'s scopes, and set Permitted Users to "Admin approved users are pre-authorized" with the integration user\'s profile or permission set added.',
      checklistStep: "scopes",
      stopEarly: false,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "expired authorization code",
    advice: {
      code: "assertion_expired",
      title: "Salesforce says the assertion has expired",
      cause: "The exp claim was in the past from Salesforce's point of view: the portal server's clock is wrong.",
      fix: "Synchronise the portal server's clock (NTP). If the clock is right, this is a portal bug: contact support.",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "ip restricted or invalid login hours",
    advice: {
      code: "ip_restricted",
      title: "Salesforce refused the login from this IP address or at this hour",
      cause:
        "The integration user's profile restricts login IP ranges or login hours, and the app does not relax IP restrictions.",
      fix: IP_RESTRICTED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "inactive_user",
    advice: {
      code: "user_inactive",
      title: "The integration user is inactive",
      cause: "The user is deactivated or frozen.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "inactive user",
    advice: {
      code: "user_inactive",
      title: "The integration user is inactive",
      cause: "The user is deactivated or frozen.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "user is locked",
    advice: {
      code: "user_locked",
      title: "The integration user is locked",
      cause: "The user is locked out, usually after failed logins.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "inactive_org",
    advice: {
      code: "org_inactive",
      title: "The Salesforce org is locked, closed or suspended",
      cause:
        "Salesforce reports the organisation itself as inactive: a trial that expired, an org that was closed, or one suspended for billing.",
      fix: "Ask your Salesforce administrator or account executive to reactivate the org; nothing in the app can fix this.",
      stopEarly: false,
      finalOnMyDomain: true,
      tryNextPair: true,
    },
  },
  {
    error: "invalid_grant",
    contains: "authentication failure",
    advice: {
      code: "authentication_failure",
      title: "Salesforce refused the login for this user",
      cause:
        "The user is deactivated, frozen, locked, or restricted to login IP ranges that do not include the portal.",
      fix: USER_BLOCKED_FIX,
      checklistStep: "user",
      stopEarly: false,
      tryNextPair: false,
    },
  },
  {
    error: "invalid_grant",
    contains: "login rate exceeded",
    advice: {
      code: "login_rate_exceeded",
      title: "Too many logins for this user",
      cause: "Salesforce limits logins per user per hour.",
      fix: "Wait an hour and test again; collectors should cache their tokens.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
  {
    error: "rate_limit_exceeded",
    advice: {
      code: "rate_limit_exceeded",
      title: "Salesforce is rate-limiting token requests",
      cause: "Too many token requests reached Salesforce for this user or app in a short time.",
      fix: "Wait a few minutes before testing again, and make sure collectors reuse their tokens instead of requesting one per call.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
  {
    error: "unsupported_grant_type",
    advice: {
      code: "unsupported_grant_type",
      title: "Salesforce did not accept the grant type",
      cause: "The grant type string or its encoding is wrong: a portal bug.",
      fix: "Contact support: the portal sent a malformed token request.",
      stopEarly: true,
      tryNextPair: false,
    },
  },
];

const NON_JSON: Advice = {
  code: "non_json_response",
  title: "The answer was not from a Salesforce login endpoint",
  cause: "The host returned a web page instead of JSON: a Lightning or site address, a proxy, or an outage.",
  fix: "Use the My Domain URL (https://<name>.my.salesforce.com) as the instance URL.",
  checklistStep: "my-domain",
  stopEarly: false,
  tryNextPair: true,
};
const UNAVAILABLE: Advice = {
  code: "salesforce_unavailable",
  title: "Salesforce answered with a server error",
  cause: "Salesforce or a proxy in between had an error or is under maintenance.",
  fix: "Try again in a few minutes and check https://status.salesforce.com for your instance.",
  stopEarly: false,
  tryNextPair: true,
};

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function parseOAuthError(bodyText: string): { error: string; description: string } | null {
  try {
    const value: unknown = JSON.parse(bodyText);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const { error, error_description: description } = value as Record<string, unknown>;
    if (typeof error !== "string") return null;
    return { error, description: typeof description === "string" ? description : "" };
  } catch {
    return null;
  }
}

/** Explains a failed token request (docs/salesforce.md §3); unknown errors keep Salesforce's own words. */
export function diagnoseTokenError(status: number, bodyText: string): Diagnosis {
  const parsed = parseOAuthError(bodyText);
  if (!parsed) return diagnoseHttpStatus(status);
  const sf = {
    salesforceError: clip(parsed.error),
    ...(parsed.description ? { salesforceDescription: clip(parsed.description) } : {}),
  };
  const lower = parsed.description.toLowerCase();
  const row = TOKEN_CATALOGUE.find(
    (r) => (r.error === "*" || r.error === parsed.error) && (!r.contains || lower.includes(r.contains)),
  );
  if (row) return { ...row.advice, ...sf };
  if (status >= 500) return { ...UNAVAILABLE, ...sf };
  return {
    code: "salesforce_error",
    ...sf,
    title: `Salesforce refused the token: ${sf.salesforceError}`,
    cause: parsed.description ? `Salesforce said: "${sf.salesforceDescription}"` : "Salesforce gave no description.",
    fix: "Check the app's OAuth settings and policies against the checklist; if this persists, send this message to support.",
    stopEarly: false,
    tryNextPair: true,
  };
}

/** For an HTTP answer that is not usable JSON: a server error, or a page from the wrong host. */
export function diagnoseHttpStatus(status: number): Diagnosis {
  const advice = status >= 500 ? UNAVAILABLE : NON_JSON;
  return { ...advice, cause: `${advice.cause} (HTTP ${status})` };
}

const OUTBOUND_ADVICE: Record<OutboundError["kind"], Omit<Advice, "cause">> = {
  blocked_url: {
    code: "blocked_url",
    title: "That address is not allowed",
    fix: "Use your My Domain URL, for example https://yourcompany.my.salesforce.com.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  dns: {
    code: "dns_failure",
    title: "The host name does not exist",
    fix: "Check the My Domain URL for typos; if the My Domain was renamed, use the new name from Setup → My Domain.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  tls: {
    code: "tls_failure",
    title: "The secure connection failed",
    fix: "If your network inspects TLS through a proxy, let the portal reach *.salesforce.com directly; otherwise check the host name.",
    stopEarly: false,
    tryNextPair: true,
  },
  timeout: {
    code: "timeout",
    title: "Salesforce did not answer in time",
    fix: "Try again; if it keeps happening, check the portal's outbound network or proxy and https://status.salesforce.com.",
    stopEarly: false,
    tryNextPair: true,
  },
  reset: {
    code: "connection_reset",
    title: "The connection was cut",
    fix: "Try again; a proxy or firewall between the portal and Salesforce may be closing connections.",
    stopEarly: false,
    tryNextPair: true,
  },
  refused: {
    code: "connection_refused",
    title: "The connection was refused",
    fix: "Check the instance URL; a firewall or proxy may be blocking outbound https from the portal.",
    stopEarly: false,
    tryNextPair: true,
  },
  redirect: {
    code: "redirect_refused",
    title: "Salesforce redirected somewhere the portal will not follow",
    fix: "Use the My Domain URL directly (https://<name>.my.salesforce.com) rather than an address that redirects.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  proxy: {
    code: "proxy_error",
    title: "The portal's proxy did not open a connection to Salesforce",
    fix: "Check the portal's proxy settings: HTTPS_PROXY's host, port, user name and password, and that the proxy allows CONNECT to Salesforce hosts on port 443 (or list the host in NO_PROXY if the portal may reach it directly).",
    stopEarly: false,
    tryNextPair: true,
  },
  network: {
    code: "network_error",
    title: "The request to Salesforce failed",
    fix: "Try again; if it persists, check the portal's outbound network.",
    stopEarly: false,
    tryNextPair: true,
  },
};

/** Explains a request that never produced a usable HTTP answer. */
export function diagnoseOutboundError(err: OutboundError): Diagnosis {
  return { ...OUTBOUND_ADVICE[err.kind], cause: err.message };
}
