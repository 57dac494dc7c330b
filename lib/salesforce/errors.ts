import { NON_JSON, TOKEN_CATALOGUE, UNAVAILABLE } from "./errors-catalogue";
import type { OutboundError } from "./outbound";

export type ChecklistStep =
  "client-id" | "upload-certificate" | "permitted-users" | "permission-set" | "scopes" | "my-domain" | "user";

export type FixableBy = "customer" | "provider";

export type Diagnosis = {
  /** Stable identifier, safe to store and to switch on in the UI. */
  code: string;
  salesforceError?: string;
  salesforceDescription?: string;
  title: string;
  cause: string;
  fix: string;
  checklistStep?: ChecklistStep;
  /**
   * Who can fix it: the customer in their Salesforce setup, or the provider (the portal's clock, network, proxy, a
   * bug). A customer is never shown a provider fix (errors-audience.ts).
   */
  fixableBy: FixableBy;
  /** A provider-side title that names our infrastructure has a plainer one for the customer. */
  customerTitle?: string;
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

/** A catalogue entry: a Diagnosis without Salesforce's own words, which are added when it is used. */
export type Advice = Omit<Diagnosis, "salesforceError" | "salesforceDescription">;

/** A bug, not Salesforce: shown instead of an error text that may be unsafe to display. */
export const INTERNAL_ERROR: Advice = {
  code: "internal_error",
  fixableBy: "provider",
  title: "The portal hit an internal error",
  cause: "An unexpected error occurred while testing.",
  fix: "Try again; if it persists, contact support.",
  stopEarly: true,
  tryNextPair: false,
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
    fixableBy: "customer",
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

export const OUTBOUND_ADVICE: Record<OutboundError["kind"], Omit<Advice, "cause">> = {
  blocked_url: {
    code: "blocked_url",
    fixableBy: "customer",
    title: "That address is not allowed",
    fix: "Use your My Domain URL, for example https://yourcompany.my.salesforce.com.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  dns: {
    code: "dns_failure",
    fixableBy: "customer",
    title: "The host name does not exist",
    fix: "Check the My Domain URL for typos; if the My Domain was renamed, use the new name from Setup → My Domain.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  tls: {
    code: "tls_failure",
    fixableBy: "provider",
    title: "The secure connection failed",
    fix: "If your network inspects TLS through a proxy, let the portal reach *.salesforce.com directly; otherwise check the host name.",
    stopEarly: false,
    tryNextPair: true,
  },
  timeout: {
    code: "timeout",
    fixableBy: "provider",
    title: "Salesforce did not answer in time",
    fix: "Try again; if it keeps happening, check the portal's outbound network or proxy and https://status.salesforce.com.",
    stopEarly: false,
    tryNextPair: true,
  },
  reset: {
    code: "connection_reset",
    fixableBy: "provider",
    title: "The connection was cut",
    fix: "Try again; a proxy or firewall between the portal and Salesforce may be closing connections.",
    stopEarly: false,
    tryNextPair: true,
  },
  refused: {
    code: "connection_refused",
    fixableBy: "provider",
    title: "The connection was refused",
    fix: "Check the instance URL; a firewall or proxy may be blocking outbound https from the portal.",
    stopEarly: false,
    tryNextPair: true,
  },
  redirect: {
    code: "redirect_refused",
    fixableBy: "customer",
    title: "Salesforce redirected somewhere the portal will not follow",
    fix: "Use the My Domain URL directly (https://<name>.my.salesforce.com) rather than an address that redirects.",
    checklistStep: "my-domain",
    stopEarly: false,
    tryNextPair: true,
  },
  proxy: {
    code: "proxy_error",
    fixableBy: "provider",
    title: "The portal's proxy did not open a connection to Salesforce",
    customerTitle: "The portal could not reach Salesforce",
    fix: "Check the portal's proxy settings: HTTPS_PROXY's host, port, user name and password, and that the proxy allows CONNECT to Salesforce hosts on port 443 (or list the host in NO_PROXY if the portal may reach it directly).",
    stopEarly: false,
    tryNextPair: true,
  },
  network: {
    code: "network_error",
    fixableBy: "provider",
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
