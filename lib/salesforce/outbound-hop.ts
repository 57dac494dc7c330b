import type { LookupFunction } from "node:net";
import http from "node:http";
import https from "node:https";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { isBlockedAddress } from "./ip-policy";
import type { OutboundResponse, Resolver } from "./outbound";
import { classifyNetworkError, OutboundError } from "./outbound-error";
import { isExcludedFromProxy, type ProxyConfig } from "./proxy";
import { openTunnel } from "./proxy-tunnel";

// One hop of salesforceRequest (outbound.ts): a single request and its answer, with the DNS guard, no redirects.

export type Hop = { url: URL; extra: boolean; method: string; headers: Record<string, string>; body?: string };
export type HopOptions = {
  signal: AbortSignal;
  maxBodyBytes: number;
  resolve: Resolver;
  proxy: ProxyConfig | null;
  ca?: ConnectionOptions["ca"];
  /** Webhooks with PORTAL_WEBHOOK_ALLOW_PRIVATE=1 only: private and loopback addresses are not refused. */
  allowPrivate?: boolean;
};

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

// Opted-in test origins (local fakes) and NO_PROXY hosts go direct; every other https hop gets its own CONNECT.
function proxyFor(hop: Hop, proxy: ProxyConfig | null): ProxyConfig | null {
  if (!proxy || hop.extra || hop.url.protocol !== "https:") return null;
  return isExcludedFromProxy(proxy.noProxy, hop.url) ? null : proxy;
}

/** Sends one hop, through its own CONNECT tunnel when a proxy applies. */
export async function sendOnce(hop: Hop, opts: HopOptions): Promise<OutboundResponse> {
  const proxy = proxyFor(hop, opts.proxy);
  // Through a proxy the target's name is resolved by the proxy, so guardedLookup cannot check its addresses.
  const tunnel = proxy
    ? await openTunnel(proxy, { host: hop.url.hostname, port: Number(hop.url.port || 443), ca: opts.ca }, opts.signal)
    : undefined;
  return exchange(hop, opts, tunnel);
}

function exchange(
  hop: Hop,
  { signal, maxBodyBytes, resolve, ca, allowPrivate }: HopOptions,
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
          lookup: hop.extra || allowPrivate ? undefined : guardedLookup(resolve),
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
