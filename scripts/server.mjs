// The portal's HTTP server: Next's request handler behind a plain node:http server, started by scripts/start.ts.
// Plain JavaScript, run by node itself like Next's own CLI (no TypeScript loader inside the server process).
//
// Why not `next start`: it puts the socket address in X-Forwarded-For only when the client sent none, so without a
// proxy a client could name any address. Here the TCP peer goes into `x-portal-peer`, replacing whatever a client
// sent under that name, and lib/request.ts reads it when TRUSTED_PROXY_HOPS is 0 (no proxy in front).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import client from "prom-client";
import { portalLogger, requestContext } from "../lib/logger.mjs";
import { routeLabel } from "./route-label.mjs";

const dev = process.argv.includes("--dev");
// --standalone: bundled as <standalone>/portal/server.mjs (scripts/build-standalone.ts). As Next's generated server.js
// does, it gives next() the build's config, since the standalone folder has no next.config.js to load.
const standalone = process.argv.includes("--standalone");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.PORTAL_HOST || "0.0.0.0";
const root = path.resolve(import.meta.dirname, "..");

const log = portalLogger();
let conf;
if (standalone) {
  conf = JSON.parse(readFileSync(path.join(import.meta.dirname, "next-config.json"), "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);
  process.chdir(root);
}
const app = next({ dev, dir: root, hostname, port, ...(conf ? { conf } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

// Request durations for /api/metrics (lib/metrics/registry.ts shares prom-client's default registry with this file).
const httpDuration =
  client.register.getSingleMetric("portal_http_request_duration_seconds") ??
  new client.Histogram({
    name: "portal_http_request_duration_seconds",
    help: "HTTP requests by method, route (ids replaced) and status, and their duration",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

// A request id of ours for every request, replacing any a client sent (it is shown to users as a reference, so it
// must be unique); one sent by a proxy in front is kept in the log line as upstreamRequestId.
const UPSTREAM_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Liveness (app/api/health/route.ts gives the same answer) without Next's routing and proxy.ts, so a busy portal still
// answers it in a few milliseconds. It shares this event loop with pages: it is no cure for work that blocks the loop.
const HEALTH_HEADERS = {
  "content-type": "application/json",
  "cache-control": "no-store",
  // What next.config.js and proxy.ts give every response; a JSON body needs no script, style or image source.
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; object-src 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};
const HEALTH_BODY = JSON.stringify({ ok: true });

// Set by stop() below.
let draining = false;

const server = createServer((req, res) => {
  const started = process.hrtime.bigint();
  const requestId = randomUUID();
  const upstream = req.headers["x-request-id"];
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  res.once("finish", () => {
    const method = METHODS.has(req.method ?? "") ? req.method : "other";
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // A 404 gets no route label of its own: scanners' made-up paths must not grow the label set.
    const route = res.statusCode === 404 ? "[not found]" : routeLabel(req.url);
    httpDuration.observe({ method, route, status: String(res.statusCode) }, seconds);
    // One line per request. The route label, never the path: paths can hold one-time tokens (reset links).
    // Liveness probes (every few seconds from a load balancer) only at debug level.
    log[route === "/api/health" ? "debug" : "info"](
      {
        requestId,
        ...(typeof upstream === "string" && UPSTREAM_ID.test(upstream) ? { upstreamRequestId: upstream } : {}),
        method,
        route,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
      },
      "request",
    );
  });
  if (
    (req.method === "GET" || req.method === "HEAD") &&
    (req.url === "/api/health" || req.url?.startsWith("/api/health?"))
  ) {
    res.writeHead(200, HEALTH_HEADERS);
    res.end(req.method === "HEAD" ? undefined : HEALTH_BODY);
    return;
  }
  if (draining) {
    res.setHeader("Connection", "close");
    if (!(req.method === "GET" && req.url?.startsWith("/api/health/ready"))) {
      res.writeHead(503, { ...HEALTH_HEADERS, "retry-after": "5" });
      res.end(JSON.stringify({ error: "The portal is restarting. Try again in a few seconds." }));
      return;
    }
  }
  const peer = req.socket.remoteAddress ?? "";
  // An IPv4 client on a dual-stack socket reads as ::ffff:a.b.c.d: record the IPv4 address.
  req.headers["x-portal-peer"] = peer.startsWith("::ffff:") && peer.includes(".") ? peer.slice(7) : peer;
  requestContext().run({ requestId }, () => void handle(req, res));
});
// A port that cannot be had ends the process with a reason: without this handler the error reaches Next's
// uncaughtException handler, which logs it and keeps a server that listens nowhere running (start.ts saw a live child).
const cannotListen = (error) => {
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  const why =
    code === "EADDRINUSE"
      ? `port ${port} on ${hostname} is already in use: stop what listens there, or set PORT to a free port`
      : code === "EACCES"
        ? `port ${port} on ${hostname} needs privileges this user lacks: set PORT to 1024 or above`
        : `the server could not listen on ${hostname}:${port}`;
  log.fatal({ err: error.message, code }, why);
  process.exit(1);
};
server.once("error", cannotListen);
server.listen(port, hostname, () => {
  // Listening: a later server error (out of file descriptors, say) is logged; it does not end the process.
  server.off("error", cannotListen);
  server.on("error", (error) => log.error({ err: error.message }, "HTTP server error"));
  log.info({ url: `http://${hostname}:${port}`, dev }, "listening");
});

// Graceful stop (SIGTERM from start.ts, docker stop or Kubernetes): no new connections at once; a request that still
// arrives on an open keep-alive socket gets 503 with Connection: close (a client retries elsewhere; a new Test connection
// here would only be cut), except readiness, which answers its own 503 "shutting down" for the load balancer. Running
// Test connection runs get PORTAL_SHUTDOWN_GRACE_MS (lib/shutdown/drain.ts), then the pool and the boot lock close.
const stop = async (signal) => {
  if (draining) return;
  draining = true;
  log.info({ signal }, "draining: no new connections; waiting for running test connections");
  server.close();
  server.closeIdleConnections();
  const drain = globalThis.portalDrain;
  let code = 0;
  try {
    const { waited, interrupted } = drain ? await drain() : { waited: 0, interrupted: 0 };
    log.info({ waited, interrupted }, "stopped");
  } catch (error) {
    code = 1;
    log.error({ err: error instanceof Error ? error.message : String(error) }, "stopped: the drain failed");
  }
  // Sockets of streamed answers cut by the grace: close them so nothing keeps the process up.
  server.closeAllConnections();
  process.exit(code);
};
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void stop(signal));
// Started by scripts/start.ts with an IPC channel: when start.ts is gone (tsx's CLI SIGKILLs a child that is slow to
// acknowledge a signal, or kill -9), stop rather than keep serving as an orphan.
process.on("disconnect", () => void stop("disconnect"));
