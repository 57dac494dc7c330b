import { lookup as dnsLookup } from "node:dns/promises";
import type { ConnectionOptions } from "node:tls";
import { isAllowedSalesforceHost } from "./hosts";
import { isIpLiteralHost } from "./ip-policy";
import { OutboundError } from "./outbound-error";
import { sendOnce, type Hop, type HopOptions } from "./outbound-hop";
import { proxyFromEnv, type ProxyConfig } from "./proxy";
import { isExtraOrigin } from "./test-origins";

export { OutboundError, type OutboundErrorKind } from "./outbound-error";

type ResolvedAddress = { address: string; family: number };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundRequest = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  extraOrigins?: readonly string[];
  maxBodyBytes?: number;
  /** DNS resolver; injectable so tests can make a Salesforce-looking name resolve anywhere. */
  resolve?: Resolver;
  /** Egress proxy for https hops; null for none; absent: HTTPS_PROXY/NO_PROXY from the environment. */
  proxy?: ProxyConfig | null;
  /** Trusted CA certificates replacing the system ones; tests only, to trust a local TLS server. */
  ca?: ConnectionOptions["ca"];
};

/** The limits and test switches a caller passes through to salesforceRequest. */
export type CallOptions = Pick<OutboundRequest, "timeoutMs" | "signal" | "extraOrigins" | "resolve">;

export type OutboundResponse = {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
  url: string;
};

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

let envProxy: ProxyConfig | null | undefined;
/** HTTPS_PROXY / NO_PROXY from the environment, parsed once (webhooks use the same egress). */
export function outboundProxy(): ProxyConfig | null {
  if (envProxy !== undefined) return envProxy;
  try {
    envProxy = proxyFromEnv(process.env);
  } catch (err) {
    throw new OutboundError(
      "proxy",
      `The portal's proxy setting is invalid: ${err instanceof Error ? err.message : "check HTTPS_PROXY"}.`,
    );
  }
  return envProxy;
}

/** Throws blocked_url unless the URL is https://<allowlisted host>[:443] or an exact opted-in origin. */
export function checkOutboundUrl(raw: string | URL, extraOrigins?: readonly string[]): { url: URL; extra: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError("blocked_url", "The address is not a valid URL.");
  }
  if (isExtraOrigin(url, extraOrigins) && !url.username && !url.password) return { url, extra: true };
  const host = url.hostname.toLowerCase();
  const reason =
    url.protocol !== "https:"
      ? "only https is allowed"
      : url.username || url.password
        ? "a user name or password in the URL is not allowed"
        : url.port !== "" && url.port !== "443"
          ? "only the default https port is allowed"
          : isIpLiteralHost(host)
            ? "IP addresses are not allowed"
            : !isAllowedSalesforceHost(host)
              ? "the host is not a Salesforce host"
              : null;
  if (reason) throw new OutboundError("blocked_url", `Refused to contact ${url.protocol}//${host}: ${reason}.`);
  return { url, extra: false };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * The one way this codebase talks to Salesforce: allowlisted, DNS-checked, no auto-redirects, time- and size-bounded.
 * With an egress proxy, each https hop is a CONNECT to its allowlisted host; the timeout covers the whole exchange.
 */
export async function salesforceRequest(request: OutboundRequest): Promise<OutboundResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const first = checkOutboundUrl(request.url, request.extraOrigins);
  const proxy = request.proxy === undefined ? outboundProxy() : request.proxy;
  const timer = new AbortController();
  const timeout = setTimeout(
    () =>
      timer.abort(
        new OutboundError(
          "timeout",
          `Salesforce (${first.url.host}) did not answer within ${Math.round(timeoutMs / 100) / 10} s.`,
        ),
      ),
    timeoutMs,
  );
  const signal = request.signal ? AbortSignal.any([timer.signal, request.signal]) : timer.signal;
  const opts: HopOptions = {
    signal,
    maxBodyBytes: request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    resolve: request.resolve ?? defaultResolver,
    proxy,
    ca: request.ca,
  };
  let hop: Hop = {
    ...first,
    method: request.method ?? "GET",
    headers: lowerCaseKeys(request.headers ?? {}),
    body: request.body,
  };
  try {
    for (let redirects = 0; ; redirects++) {
      let res: OutboundResponse;
      try {
        res = await sendOnce(hop, opts);
      } catch (err) {
        if (redirects > 0 && err instanceof OutboundError && err.kind === "blocked_url")
          throw new OutboundError("redirect", `Salesforce redirected to a refused address: ${err.message}`);
        throw err;
      }
      const location = res.headers.location;
      if (res.status < 300 || res.status > 399 || !location) return res;
      if (redirects >= MAX_REDIRECTS)
        throw new OutboundError(
          "redirect",
          `Too many redirects (more than ${MAX_REDIRECTS}) starting at ${first.url.host}.`,
        );
      let next: { url: URL; extra: boolean };
      try {
        next = checkOutboundUrl(new URL(location, hop.url), request.extraOrigins);
      } catch (err) {
        throw new OutboundError(
          "redirect",
          `Salesforce redirected to an address that is not allowed. ${err instanceof Error ? err.message : ""}`.trim(),
        );
      }
      const toGet = res.status === 303 || ((res.status === 301 || res.status === 302) && hop.method === "POST");
      const headers = { ...hop.headers };
      // Never carry credentials to a different origin.
      if (next.url.origin !== hop.url.origin) delete headers.authorization;
      if (toGet) delete headers["content-type"];
      hop = { ...next, method: toGet ? "GET" : hop.method, headers, body: toGet ? undefined : hop.body };
    }
  } finally {
    clearTimeout(timeout);
  }
}
