import http from "node:http";
import type { Socket } from "node:net";
import tls, { type ConnectionOptions, type TLSSocket } from "node:tls";
import { classifyNetworkError, OutboundError } from "./outbound-error";
import type { ProxyConfig } from "./proxy";

export type TunnelTarget = { host: string; port: number; ca?: ConnectionOptions["ca"] };

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ENODATA", "EAI_NONAME"]);

// Messages name the proxy by host:port only: HTTPS_PROXY's userinfo never reaches an error.
function connectRefusal(proxy: ProxyConfig, where: string, status: number): OutboundError {
  const code = `PROXY_HTTP_${status}`;
  if (status === 407)
    return new OutboundError(
      "proxy",
      `The portal's proxy ${proxy.label} refused the connection (HTTP 407, authentication required): check the user name and password in HTTPS_PROXY.`,
      code,
    );
  if (status >= 300 && status <= 399) {
    return new OutboundError(
      "proxy",
      `The portal's proxy ${proxy.label} answered CONNECT ${where} with a redirect (HTTP ${status}); the portal does not follow a proxy's redirects: check HTTPS_PROXY.`,
      code,
    );
  }
  return new OutboundError(
    "proxy",
    `The portal's proxy ${proxy.label} refused to open a tunnel to ${where} (HTTP ${status}): check that it allows CONNECT to Salesforce hosts on port 443.`,
    code,
  );
}

function proxyNetworkError(err: unknown, proxy: ProxyConfig, where: string): OutboundError {
  const e = err as NodeJS.ErrnoException;
  const code = (e?.code ?? "").toString();
  if (code === "ECONNREFUSED")
    return new OutboundError(
      "refused",
      `The portal's proxy ${proxy.label} refused the connection: check the host and port in HTTPS_PROXY.`,
      code,
    );
  if (DNS_CODES.has(code))
    return new OutboundError(
      "proxy",
      `The name of the portal's proxy (${proxy.label}) could not be resolved: check HTTPS_PROXY.`,
      code,
    );
  if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/i.test(e?.message ?? "")) {
    return new OutboundError(
      "reset",
      `The portal's proxy ${proxy.label} closed the connection before answering CONNECT ${where}.`,
      code || "ECONNRESET",
    );
  }
  if (code.startsWith("HPE_"))
    return new OutboundError(
      "proxy",
      `The portal's proxy ${proxy.label} did not answer CONNECT ${where} with valid HTTP (${code}).`,
      code,
    );
  return new OutboundError(
    "proxy",
    `The connection to the portal's proxy ${proxy.label} failed${code ? ` (${code})` : ""}.`,
    code || undefined,
  );
}

/**
 * Asks the proxy to CONNECT host:port, then runs TLS to the target over the tunnel with SNI and normal
 * certificate checks for the target. The proxy resolves the target's name, so the portal's private-address
 * DNS guard cannot run for it; the host was allowlisted by the caller before this is called.
 */
export function openTunnel(proxy: ProxyConfig, target: TunnelTarget, signal: AbortSignal): Promise<TLSSocket> {
  const where = `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    let raw: Socket | undefined;
    let secure: TLSSocket | undefined;
    const headers: Record<string, string> = { host: where };
    if (proxy.authorization) headers["proxy-authorization"] = proxy.authorization;
    // The proxy is operator config: its own name is resolved normally, and the Salesforce allowlist does not apply to it.
    const req = http.request({
      host: proxy.host,
      port: proxy.port,
      method: "CONNECT",
      path: where,
      headers,
      agent: false,
    });
    const finish = (err: OutboundError | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      if (err) {
        secure?.destroy();
        raw?.destroy();
        req.destroy();
        reject(err);
      } else if (secure) resolve(secure);
    };
    const onAbort = () => {
      const reason: unknown = signal.reason;
      const stage = secure
        ? `The TLS handshake with ${target.host} through the portal's proxy ${proxy.label} had not finished.`
        : `The portal's proxy ${proxy.label} had not opened the tunnel to ${where}.`;
      if (reason instanceof OutboundError && reason.kind !== "timeout") finish(reason);
      else
        finish(
          new OutboundError(
            "timeout",
            `${reason instanceof OutboundError ? reason.message : "The request was cancelled."} ${stage}`,
          ),
        );
    };
    req.on("connect", (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      raw = socket;
      socket.on("error", (e) => finish(classifyNetworkError(e, target.host)));
      const status = res.statusCode ?? 0;
      // Only a 2xx opens the tunnel; a 3xx is never followed and its body is never read.
      if (status < 200 || status > 299) return finish(connectRefusal(proxy, where, status));
      if (head.length > 0) socket.unshift(head);
      secure = tls.connect({
        socket,
        servername: target.host,
        host: target.host,
        ...(target.ca ? { ca: target.ca } : {}),
      });
      secure.once("secureConnect", () => finish(null));
      secure.on("error", (e) => finish(classifyNetworkError(e, target.host)));
    });
    req.on("error", (e) => finish(proxyNetworkError(e, proxy, where)));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    req.end();
  });
}
