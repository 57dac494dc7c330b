import http from "node:http";
import type { AddressInfo } from "node:net";
import httpProxy from "http-proxy";

export type Upstream = { name: string; url: string };
type Served = { method: string; path: string; servedBy: string };

// A browser context (or one request) can ask for one instance with this header: the journeys that need to say
// "on A, then on B" use it; everything else is sent round robin.
export const PIN_HEADER = "x-pin-instance";

export type RoundRobinProxy = {
  url: string;
  /** Every request so far, in arrival order, with the instance that served it. */
  served: Served[];
  close(): Promise<void>;
};

/**
 * The load balancer of e2e/scaling-out.spec.ts: alternates upstreams per request, adds X-Forwarded-For (one hop,
 * as TRUSTED_PROXY_HOPS=1 says), keeps the Host the browser sent (the public URL, NEXTAUTH_URL), and answers with
 * `x-served-by` so a test can prove where each request landed.
 */
export async function startRoundRobinProxy(upstreams: Upstream[], port = 0): Promise<RoundRobinProxy> {
  const proxy = httpProxy.createProxyServer({ xfwd: true, ws: false });
  const served: Served[] = [];
  let turn = 0;
  proxy.on("proxyRes", (proxyRes, req) => {
    proxyRes.headers["x-served-by"] = (req as http.IncomingMessage & { servedBy?: string }).servedBy ?? "";
  });
  proxy.on("error", (error, _req, res) => {
    const response = res as http.ServerResponse;
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end(`proxy: upstream failed: ${error.message}`);
  });
  const server = http.createServer((req, res) => {
    const pinned = req.headers[PIN_HEADER];
    const upstream = upstreams.find((u) => u.name === pinned) ?? upstreams[turn++ % upstreams.length]!;
    delete req.headers[PIN_HEADER];
    (req as http.IncomingMessage & { servedBy?: string }).servedBy = upstream.name;
    served.push({ method: req.method ?? "GET", path: req.url ?? "/", servedBy: upstream.name });
    proxy.web(req, res, { target: upstream.url });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    // The public URL (NEXTAUTH_URL of both instances): the host the browser and its cookies see.
    url: `http://127.0.0.1:${address.port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
