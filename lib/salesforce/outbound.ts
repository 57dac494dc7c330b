import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import http from "node:http";
import https from "node:https";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { isAllowedSalesforceHost, isExtraOrigin } from "./hosts";
import { isBlockedAddress, isIpLiteralHost } from "./ip-policy";
import { classifyNetworkError, OutboundError } from "./outbound-error";
import { isExcludedFromProxy, proxyFromEnv, type ProxyConfig } from "./proxy";
import { openTunnel } from "./proxy-tunnel";

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

const defaultResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

let envProxy: ProxyConfig | null | undefined;
function defaultProxy(): ProxyConfig | null {
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

// Runs inside the socket's connect, so the address checked is the address used (no rebinding gap).
function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const wanted =
          options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const bad = all.find((a) => isBlockedAddress(a.address));
        if (bad) {
          callback(
            new OutboundError(
              "blocked_url",
              `Refused to contact ${hostname}: it resolves to a private or reserved address (${bad.address}).`,
            ),
            "",
            0,
          );
          return;
        }
        const first = wanted[0];
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`No address found for ${hostname}`);
          err.code = "ENOTFOUND";
          callback(err, "", 0);
          return;
        }
        if (options.all) callback(null, wanted);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

type Hop = { url: URL; extra: boolean; method: string; headers: Record<string, string>; body?: string };
type HopOptions = {
  signal: AbortSignal;
  maxBodyBytes: number;
  resolve: Resolver;
  proxy: ProxyConfig | null;
  ca?: ConnectionOptions["ca"];
};

// Opted-in test origins (local fakes) and NO_PROXY hosts go direct; every other https hop gets its own CONNECT.
function proxyFor(hop: Hop, proxy: ProxyConfig | null): ProxyConfig | null {
  if (!proxy || hop.extra || hop.url.protocol !== "https:") return null;
  return isExcludedFromProxy(proxy.noProxy, hop.url) ? null : proxy;
}

async function sendOnce(hop: Hop, opts: HopOptions): Promise<OutboundResponse> {
  const proxy = proxyFor(hop, opts.proxy);
  // Through a proxy the target's name is resolved by the proxy, so guardedLookup cannot check its addresses.
  const tunnel = proxy
    ? await openTunnel(proxy, { host: hop.url.hostname, port: Number(hop.url.port || 443), ca: opts.ca }, opts.signal)
    : undefined;
  return exchange(hop, opts, tunnel);
}

function exchange(
  hop: Hop,
  { signal, maxBodyBytes, resolve, ca }: HopOptions,
  tunnel: TLSSocket | undefined,
): Promise<OutboundResponse> {
  const host = hop.url.host;
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const transport = hop.url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "sf-jwt-portal",
      ...hop.headers,
    };
    if (hop.body !== undefined) headers["content-length"] = String(Buffer.byteLength(hop.body));
    const route = tunnel
      ? { createConnection: () => tunnel, defaultPort: 443 } // without an agent, Node would otherwise write "Host: name:80"
      : {
          agent: false as const,
          lookup: hop.extra ? undefined : guardedLookup(resolve),
          ...(ca && hop.url.protocol === "https:" ? { ca } : {}),
        };
    const req = transport.request(hop.url, { method: hop.method, headers, ...route });
    const finish = (err: OutboundError | null, res?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else if (res) resolvePromise(res);
    };
    const onAbort = () => {
      const reason: unknown = signal.reason;
      finish(
        reason instanceof OutboundError
          ? reason
          : new OutboundError("timeout", `The request to ${host} was cancelled: the time limit was reached.`),
      );
    };
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes)
          finish(new OutboundError("network", `The answer from ${host} is larger than ${maxBodyBytes} bytes.`));
        else chunks.push(chunk);
      });
      res.on("error", (e) => finish(classifyNetworkError(e, host)));
      res.on("close", () => {
        if (!res.complete)
          finish(
            new OutboundError(
              "reset",
              `The connection to ${host} was closed before the answer was complete.`,
              "ECONNRESET",
            ),
          );
      });
      res.on("end", () => {
        const bodyText = Buffer.concat(chunks).toString("utf8");
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(", ") : v;
        let json: unknown;
        try {
          json = bodyText.trim() === "" ? undefined : JSON.parse(bodyText);
        } catch {
          json = undefined;
        }
        finish(null, {
          status: res.statusCode ?? 0,
          headers: flat,
          bodyText,
          ...(json === undefined ? {} : { json }),
          url: hop.url.href,
        });
      });
    });
    req.on("error", (e) => finish(classifyNetworkError(e, host)));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    req.end(hop.body);
  });
}

/**
 * The one way this codebase talks to Salesforce: allowlisted, DNS-checked, no auto-redirects, time- and size-bounded.
 * With an egress proxy, each https hop is a CONNECT to its allowlisted host; the timeout covers the whole exchange.
 */
export async function salesforceRequest(request: OutboundRequest): Promise<OutboundResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const first = checkOutboundUrl(request.url, request.extraOrigins);
  const proxy = request.proxy === undefined ? defaultProxy() : request.proxy;
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
