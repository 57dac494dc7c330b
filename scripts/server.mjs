// The portal's HTTP server: Next's request handler behind a plain node:http server, started by scripts/start.ts.
// Plain JavaScript, run by node itself like Next's own CLI (no TypeScript loader inside the server process).
//
// Why not `next start`: it puts the socket address in X-Forwarded-For only when the client sent none, so without a
// proxy a client could name any address. Here the TCP peer goes into `x-portal-peer`, replacing whatever a client
// sent under that name, and lib/request.ts reads it when TRUSTED_PROXY_HOPS is 0 (no proxy in front).
import { createServer } from "node:http";
import path from "node:path";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const hostname = process.env.PORTAL_HOST || "0.0.0.0";
const root = path.resolve(import.meta.dirname, "..");

const app = next({ dev, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

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

const server = createServer((req, res) => {
  if (
    (req.method === "GET" || req.method === "HEAD") &&
    (req.url === "/api/health" || req.url?.startsWith("/api/health?"))
  ) {
    res.writeHead(200, HEALTH_HEADERS);
    res.end(req.method === "HEAD" ? undefined : HEALTH_BODY);
    return;
  }
  const peer = req.socket.remoteAddress ?? "";
  // An IPv4 client on a dual-stack socket reads as ::ffff:a.b.c.d: record the IPv4 address.
  req.headers["x-portal-peer"] = peer.startsWith("::ffff:") && peer.includes(".") ? peer.slice(7) : peer;
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`[portal] listening on http://${hostname}:${port}${dev ? " (development)" : ""}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
};
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, stop);
// Started by scripts/start.ts with an IPC channel: when start.ts is gone (tsx's CLI SIGKILLs a child that is slow to
// acknowledge a signal, or kill -9), stop rather than keep serving as an orphan.
process.on("disconnect", stop);
