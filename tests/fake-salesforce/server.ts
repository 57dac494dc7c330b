import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { startConnectProxy, type ProxyLogEntry } from "./connect-proxy";
import { deployBundle, readZip, type DeployResult } from "./deploy-bundle";
import { handleRest } from "./rest-endpoints";
import { FakeState, type FakeApp, type FakeFault, type FaultTarget, type TokenRequestLog } from "./state";
import { handleToken, type FakeResponse } from "./token-endpoint";

export type { FakeApp } from "./state";

export type FakeSalesforce = {
  /** The first listener: the org's My Domain in most tests. */
  origin: string;
  /** Every listener's origin, in the order of the ports asked for. They share apps and tokens (per-host registries). */
  origins: string[];
  close(): Promise<void>;
  reset(): void;
  addApp(app: FakeApp): void;
  setFault(fault: FakeFault, where?: FaultTarget): void;
  /** Token requests received (host, iss, sub, aud, outcome); assertions are never kept. */
  requests(): TokenRequestLog[];
  /** CONNECT targets the egress proxy received (with `proxyPort`). */
  proxyLog(): ProxyLogEntry[];
  /**
   * `sf project deploy start` of the portal's External Client App bundle (the zip as downloaded): registers the app.
   * It accepts the fake's origins and the login/test audiences, plus `extraAudiences` (e.g. a real My Domain name).
   */
  deployBundle(zip: Buffer, extraAudiences?: string[]): Promise<DeployResult>;
  /** `sf org assign permset --name <name> --on-behalf-of <username>`. */
  assignPermset(name: string, username: string): void;
};

// What a deployed app accepts as aud besides the fake's own origins: Salesforce's production and sandbox login hosts.
const LOGIN_AUDIENCES = ["https://login.salesforce.com", "https://test.salesforce.com"];

export type FakeOptions = {
  port?: number;
  host?: string;
  extraPorts?: number[];
  /** One more listener, over TLS with this key and certificate: the fake posing as a real https Salesforce host. */
  tls?: { key: string; cert: string; port?: number };
  /** An egress proxy on this port that tunnels every CONNECT host:443 to the TLS listener. */
  proxyPort?: number;
};

const MAX_BODY = 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, { status, body }: FakeResponse): void {
  if (body === undefined) {
    res.writeHead(status, { "content-length": 0 });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Starts a fake Salesforce (token endpoint, preflight REST endpoints, /__fake control API) on 127.0.0.1. Extra ports
 * are more hosts of the same Salesforce (login, test, another org): apps registered with `knownAt` are known only there.
 */
export async function startFakeSalesforce(opts: FakeOptions = {}): Promise<FakeSalesforce> {
  const state = new FakeState();
  const proxyLog: ProxyLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const deploy = async (zip: Buffer, extra: string[]) =>
    deployBundle(state, await readZip(zip), [...origins, ...LOGIN_AUDIENCES, ...extra]);

  async function control(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    body: string,
  ): Promise<void> {
    const json = (): unknown => (body.trim() === "" ? {} : JSON.parse(body));
    if (req.method === "GET" && path === "/__fake/requests")
      return sendJson(res, { status: 200, body: state.requests });
    if (req.method === "GET" && path === "/__fake/proxy") return sendJson(res, { status: 200, body: proxyLog });
    if (req.method !== "POST") return sendJson(res, { status: 405, body: { error: "method not allowed" } });
    if (path === "/__fake/apps") {
      state.addApp(json() as FakeApp);
      return sendJson(res, { status: 201, body: { ok: true } });
    }
    if (path === "/__fake/deploy-bundle") {
      const { zip, audiences } = json() as { zip?: string; audiences?: string[] };
      const result = await deploy(Buffer.from(String(zip ?? ""), "base64"), audiences ?? []);
      return sendJson(res, { status: 200, body: result });
    }
    if (path === "/__fake/assign-permset") {
      const { name, username } = json() as { name: string; username: string };
      state.assignPermset(name, username);
      return sendJson(res, { status: 200, body: { ok: true } });
    }
    if (path === "/__fake/fault") {
      const { fault, where } = json() as { fault?: FakeFault; where?: FaultTarget };
      state.setFault(fault ?? null, where ?? "all");
      return sendJson(res, { status: 200, body: { ok: true } });
    }
    if (path === "/__fake/reset") {
      state.reset();
      return sendJson(res, { status: 200, body: { ok: true } });
    }
    return sendJson(res, { status: 404, body: { error: "unknown control endpoint" } });
  }

  async function handle(origin: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const body = await readBody(req);
    if (url.pathname.startsWith("/__fake/")) {
      try {
        return await control(req, res, url.pathname, body);
      } catch (err) {
        return sendJson(res, { status: 400, body: { error: err instanceof Error ? err.message : "bad request" } });
      }
    }
    const isToken = url.pathname === "/services/oauth2/token";
    const fault = isToken ? state.faults.token : state.faults.rest;
    if (fault?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await sleep(fault.ms);
    if (fault?.kind === "5xx") {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<html><body><h1>Service Unavailable</h1></body></html>");
      return;
    }
    if (fault?.kind === "html") {
      res.writeHead(200, { "content-type": "text/html;charset=UTF-8" });
      res.end("<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>Please log in</body></html>");
      return;
    }
    let response: FakeResponse | null;
    if (isToken) {
      response =
        req.method === "POST"
          ? await handleToken(state, origin, req.headers.host ?? "", new URLSearchParams(body))
          : { status: 405, body: [{ errorCode: "METHOD_NOT_ALLOWED", message: "POST only" }] };
    } else {
      response = req.method === "GET" ? handleRest(state, origin, url, req.headers.authorization) : null;
    }
    response ??= { status: 404, body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }] };
    if (fault?.kind === "slow_body") {
      const text = JSON.stringify(response.body) ?? "";
      res.writeHead(response.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.write(text.slice(0, 1));
      await sleep(fault.ms);
      res.end(text.slice(1));
      return;
    }
    sendJson(res, response);
  }

  const servers: http.Server[] = [];
  const origins: string[] = [];
  const listeners = [
    ...[opts.port ?? 0, ...(opts.extraPorts ?? [])].map((port) => ({ port, tls: false })),
    ...(opts.tls ? [{ port: opts.tls.port ?? 0, tls: true }] : []),
  ];
  for (const { port, tls } of listeners) {
    let origin = "";
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      handle(origin, req, res).catch(() => {
        if (!res.headersSent) sendJson(res, { status: 500, body: { error: "fake internal error" } });
        else res.destroy();
      });
    };
    const server =
      tls && opts.tls
        ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest)
        : http.createServer(onRequest);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, opts.host ?? "127.0.0.1", () => resolve());
    });
    const address = server.address() as AddressInfo;
    origin = `${tls ? "https" : "http"}://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
    servers.push(server);
    origins.push(origin);
  }
  const tlsServer = opts.tls ? servers.at(-1) : undefined;
  if (opts.proxyPort !== undefined && tlsServer) {
    servers.push(
      await startConnectProxy({
        port: opts.proxyPort,
        tunnelTo: (tlsServer.address() as AddressInfo).port,
        log: proxyLog,
      }),
    );
  }

  return {
    origin: origins[0] as string,
    origins,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
    reset: () => state.reset(),
    addApp: (app) => state.addApp(app),
    setFault: (fault, where = "all") => state.setFault(fault, where),
    requests: () => [...state.requests],
    proxyLog: () => [...proxyLog],
    deployBundle: (zip, extraAudiences = []) => deploy(zip, extraAudiences),
    assignPermset: (name, username) => state.assignPermset(name, username),
  };
}
