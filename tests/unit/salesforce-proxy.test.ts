import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { OutboundError, salesforceRequest, type OutboundRequest, type Resolver } from "@/lib/salesforce/outbound";
import {
  isExcludedFromProxy,
  parseNoProxy,
  parseProxyUrl,
  proxyFromEnv,
  type ProxyConfig,
} from "@/lib/salesforce/proxy";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";

// A local TLS server poses as two Salesforce hosts; a CONNECT proxy in front of it maps those names to it.
const ACME = "acme.my.salesforce.com";
const OTHER = "other.my.salesforce.com";
const UNNAMED = "unnamed.my.salesforce.com"; // mapped to the same server, but not in its certificate
const USER = "proxy-user";
const PASSWORD = "pr0xy-s3cret@pass";

const creds = generateTestCredentials(2048, [ACME, OTHER]);
type Seen = { path: string; host?: string; authorization?: string; servername?: string };
const targetSeen: Seen[] = [];
let target: https.Server;
let targetPort = 0;

type ProxyMode = "tunnel" | "hang" | "silent-tunnel" | "407" | "302" | "403";
let mode: ProxyMode = "tunnel";
const connects: { url: string; authorization?: string }[] = [];
let proxyServer: http.Server;
let proxyPort = 0;
const openSockets = new Set<net.Socket>();

function respond(socket: net.Socket, status: string, extra = "") {
  socket.end(`HTTP/1.1 ${status}\r\n${extra}content-length: 0\r\n\r\n`);
}

beforeAll(async () => {
  target = https.createServer({ key: creds.privateKeyPem, cert: creds.certificatePem }, (req, res) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    targetSeen.push({
      path,
      host: req.headers.host,
      authorization: req.headers.authorization,
      servername: (req.socket as TLSSocket).servername || undefined,
    });
    const redirect = (location: string) => res.writeHead(302, { location }).end();
    if (path === "/ok") return void res.end(JSON.stringify({ hello: "world" }));
    if (path === "/to-other") return redirect(`https://${OTHER}/landing`);
    if (path === "/to-evil") return redirect("https://evil.example.com/landing");
    if (path === "/landing") return void res.end("{}");
    if (path === "/slow-body") return void res.writeHead(200, { "content-length": "100" }).write("{");
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
  targetPort = (target.address() as AddressInfo).port;

  proxyServer = http.createServer((_req, res) => res.writeHead(405).end());
  proxyServer.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    openSockets.add(client);
    client.on("error", () => {});
    connects.push({ url: req.url ?? "", authorization: req.headers["proxy-authorization"] });
    if (mode === "hang") return;
    if (mode === "silent-tunnel") return void client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (mode === "407")
      return respond(client, "407 Proxy Authentication Required", 'proxy-authenticate: Basic realm="corp"\r\n');
    if (mode === "302") return respond(client, "302 Found", "location: https://evil.example.com/\r\n");
    if (mode === "403") return respond(client, "403 Forbidden");
    const [host, port] = (req.url ?? "").split(":");
    if (port !== "443" || (host !== ACME && host !== OTHER && host !== UNNAMED))
      return respond(client, "502 Bad Gateway");
    // The injected mapping: the Salesforce names lead to the local TLS server.
    const upstream = net.connect(targetPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    openSockets.add(upstream);
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((r) => proxyServer.listen(0, "127.0.0.1", r));
  proxyPort = (proxyServer.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of openSockets) socket.destroy();
  target.closeAllConnections();
  proxyServer.closeAllConnections();
  await Promise.all([new Promise((r) => target.close(r)), new Promise((r) => proxyServer.close(r))]);
});

beforeEach(() => {
  mode = "tunnel";
  connects.length = 0;
  targetSeen.length = 0;
});

const proxyConfig = (noProxy?: string): ProxyConfig => {
  const config = proxyFromEnv({
    HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${proxyPort}`,
    NO_PROXY: noProxy,
  });
  if (!config) throw new Error("no proxy config");
  return config;
};

const countingResolver = () => {
  const calls: string[] = [];
  const resolve: Resolver = async (host) => {
    calls.push(host);
    return [{ address: "127.0.0.1", family: 4 }];
  };
  return { calls, resolve };
};

function viaProxy(overrides: Partial<OutboundRequest> & { url: string }): Promise<unknown> {
  return salesforceRequest({ proxy: proxyConfig(), ca: creds.certificatePem, timeoutMs: 5000, ...overrides });
}

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundError);
  const message = (err as Error).message;
  // Whatever went wrong, the proxy's credentials stay out of the message.
  for (const secret of [
    USER,
    PASSWORD,
    encodeURIComponent(PASSWORD),
    Buffer.from(`${USER}:${PASSWORD}`).toString("base64"),
  ])
    expect(message).not.toContain(secret);
  return err as OutboundError;
}

describe("requests through the proxy", () => {
  it("reaches the target through CONNECT with SNI, credentials for the proxy only, and no DNS lookup by the portal", async () => {
    const { calls, resolve } = countingResolver();
    const res = await salesforceRequest({
      url: `https://${ACME}/ok`,
      proxy: proxyConfig(),
      ca: creds.certificatePem,
      resolve,
      headers: { Authorization: "Bearer t" },
    });
    expect(res).toMatchObject({ status: 200, json: { hello: "world" } });
    expect(connects).toEqual([
      { url: `${ACME}:443`, authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}` },
    ]);
    expect(targetSeen).toEqual([{ path: "/ok", host: ACME, authorization: "Bearer t", servername: ACME }]);
    expect(calls).toEqual([]);
  });

  it("verifies the target's certificate through the tunnel", async () => {
    expect((await failure(viaProxy({ url: `https://${ACME}/ok`, ca: undefined }))).kind).toBe("tls");
    expect(targetSeen).toEqual([]);
  });

  it("checks the certificate against the target's name, not the proxy's", async () => {
    const err = await failure(viaProxy({ url: `https://${UNNAMED}/ok` }));
    expect(err.kind).toBe("tls");
    expect(connects.map((c) => c.url)).toEqual([`${UNNAMED}:443`]);
    expect(targetSeen).toEqual([]);
  });

  it("refuses a non-allowlisted URL before contacting the proxy", async () => {
    for (const url of ["https://evil.example.com/", `https://${ACME}:8443/`, "https://127.0.0.1/", `http://${ACME}/`]) {
      expect((await failure(viaProxy({ url }))).kind).toBe("blocked_url");
    }
    expect(connects).toEqual([]);
  });

  it("follows a redirect to another allowed host with a new CONNECT and without the bearer token", async () => {
    const res = await viaProxy({ url: `https://${ACME}/to-other`, headers: { Authorization: "Bearer secret-token" } });
    expect(res).toMatchObject({ status: 200, url: `https://${OTHER}/landing` });
    expect(connects.map((c) => c.url)).toEqual([`${ACME}:443`, `${OTHER}:443`]);
    expect(targetSeen.map((s) => [s.servername, s.authorization])).toEqual([
      [ACME, "Bearer secret-token"],
      [OTHER, undefined],
    ]);
  });

  it("refuses a redirect to a non-allowed host without sending a CONNECT for it", async () => {
    expect((await failure(viaProxy({ url: `https://${ACME}/to-evil` }))).kind).toBe("redirect");
    expect(connects.map((c) => c.url)).toEqual([`${ACME}:443`]);
  });

  it("takes the direct, DNS-guarded path for a host in NO_PROXY", async () => {
    const { calls, resolve } = countingResolver();
    // The direct path resolves the name itself; the guard refuses the loopback answer, so nothing is contacted.
    const err = await failure(
      viaProxy({ url: `https://${ACME}/ok`, proxy: proxyConfig("localhost, .my.salesforce.com"), resolve }),
    );
    expect(err.kind).toBe("blocked_url");
    expect(calls).toEqual([ACME]);
    expect(connects).toEqual([]);
  });

  it("sends opted-in test origins direct, never to the proxy", async () => {
    const local = http.createServer((_req, res) => res.end("{}"));
    await new Promise<void>((r) => local.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    try {
      expect(await viaProxy({ url: `${origin}/`, extraOrigins: [origin] })).toMatchObject({ status: 200 });
      expect(connects).toEqual([]);
    } finally {
      local.closeAllConnections();
      await new Promise((r) => local.close(r));
    }
  });
});

describe("proxy failures are classified and never followed", () => {
  it("ends within the time limit when the proxy hangs on CONNECT", async () => {
    mode = "hang";
    const started = Date.now();
    const err = await failure(viaProxy({ url: `https://${ACME}/ok`, timeoutMs: 300 }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain(`127.0.0.1:${proxyPort}`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("ends within the time limit when the TLS handshake through the tunnel hangs", async () => {
    mode = "silent-tunnel";
    const started = Date.now();
    const err = await failure(viaProxy({ url: `https://${ACME}/ok`, timeoutMs: 300 }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/TLS handshake/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("honours an external abort signal while the proxy hangs", async () => {
    mode = "hang";
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(viaProxy({ url: `https://${ACME}/ok`, signal: controller.signal }))).kind).toBe("timeout");
  });

  it("times out on a slow body through the tunnel", async () => {
    const started = Date.now();
    expect((await failure(viaProxy({ url: `https://${ACME}/slow-body`, timeoutMs: 400 }))).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([
    ["407", /HTTP 407[\s\S]*user name and password in HTTPS_PROXY/],
    ["403", /HTTP 403/],
    ["302", /HTTP 302[\s\S]*does not follow/],
  ] as const)(
    "classifies a CONNECT answered %s as a proxy failure and contacts nothing else",
    async (status, message) => {
      mode = status;
      const err = await failure(viaProxy({ url: `https://${ACME}/ok` }));
      expect(err.kind).toBe("proxy");
      expect(err.message).toMatch(message);
      expect(connects.map((c) => c.url)).toEqual([`${ACME}:443`]);
      expect(targetSeen).toEqual([]);
    },
  );

  it("says the proxy refused when nothing listens on its port", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const proxy = proxyFromEnv({ HTTPS_PROXY: `http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}` });
    const err = await failure(salesforceRequest({ url: `https://${ACME}/ok`, proxy }));
    expect(err.kind).toBe("refused");
    expect(err.message).toContain(`proxy 127.0.0.1:${port}`);
  });

  it("keeps the credentials out of a logged config", () => {
    const config = proxyConfig();
    for (const text of [JSON.stringify(config), inspect(config)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString("base64"));
    }
    expect(config.authorization).toBe(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`);
  });
});

describe("the default proxy comes from the environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("uses HTTPS_PROXY when the request names no proxy", async () => {
    vi.stubEnv("HTTPS_PROXY", `http://127.0.0.1:${proxyPort}`);
    vi.stubEnv("NO_PROXY", "");
    vi.resetModules();
    const fresh = await import("@/lib/salesforce/outbound");
    await fresh.salesforceRequest({ url: `https://${ACME}/ok`, ca: creds.certificatePem });
    expect(connects.map((c) => c.url)).toEqual([`${ACME}:443`]);
  });

  it("refuses to run with an invalid HTTPS_PROXY, without echoing it", async () => {
    vi.stubEnv("HTTPS_PROXY", `socks5://${USER}:${PASSWORD}@proxy.example.com:1080`);
    vi.resetModules();
    const fresh = await import("@/lib/salesforce/outbound");
    const err = await fresh.salesforceRequest({ url: `https://${ACME}/ok` }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ name: "OutboundError", kind: "proxy" });
    expect((err as Error).message).toMatch(/HTTPS_PROXY must be an http:\/\/ URL/);
    expect((err as Error).message).not.toContain(PASSWORD);
    expect(connects).toEqual([]);
  });
});

describe("proxy configuration", () => {
  it.each([
    ["http://proxy.example.com:3128", "proxy.example.com", 3128],
    ["http://proxy.example.com", "proxy.example.com", 80],
    ["http://10.1.2.3:8080/", "10.1.2.3", 8080],
    ["http://[fd00::1]:3128", "fd00::1", 3128],
  ])("parses %s", (value, host, port) => {
    expect(parseProxyUrl(value)).toMatchObject({ host, port });
  });

  it.each([
    ["https://proxy.example.com:3128"],
    ["socks5://proxy.example.com:1080"],
    ["proxy.example.com:3128"],
    ["http://proxy.example.com:3128/path"],
    ["not a url"],
  ])("rejects %s naming the variable", (value) => {
    expect(() => parseProxyUrl(value, "https_proxy")).toThrow(/^https_proxy must be an http:\/\/ URL/);
  });

  it("prefers HTTPS_PROXY, accepts the lower-case names, and treats empty as unset", () => {
    expect(proxyFromEnv({})).toBeNull();
    expect(proxyFromEnv({ HTTPS_PROXY: " " })).toBeNull();
    expect(proxyFromEnv({ https_proxy: "http://lower:1", no_proxy: "example.com" })).toMatchObject({
      host: "lower",
      port: 1,
      noProxy: ["example.com"],
    });
    expect(proxyFromEnv({ HTTPS_PROXY: "http://upper:2", https_proxy: "http://lower:1" })).toMatchObject({
      host: "upper",
    });
  });
});

describe("NO_PROXY matching", () => {
  const excluded = (noProxy: string, url: string) => isExcludedFromProxy(parseNoProxy(noProxy), new URL(url));

  it.each([
    ["*", "https://acme.my.salesforce.com/", true],
    ["acme.my.salesforce.com", "https://acme.my.salesforce.com/", true],
    ["ACME.my.salesforce.com", "https://acme.my.salesforce.com/", true],
    ["salesforce.com", "https://acme.my.salesforce.com/", true],
    [".salesforce.com", "https://acme.my.salesforce.com/", true],
    ["*.salesforce.com", "https://acme.my.salesforce.com/", true],
    [".salesforce.com", "https://salesforce.com/", true],
    ["localhost, 127.0.0.1 ,.my.salesforce.com", "https://acme.my.salesforce.com/", true],
    ["acme.my.salesforce.com:443", "https://acme.my.salesforce.com/", true],
    ["acme.my.salesforce.com:8443", "https://acme.my.salesforce.com/", false],
    ["force.com", "https://acme.my.salesforce.com/", false],
    ["my.salesforce.com.evil", "https://acme.my.salesforce.com/", false],
    ["other.my.salesforce.com", "https://acme.my.salesforce.com/", false],
    ["", "https://acme.my.salesforce.com/", false],
    ["*.", "https://acme.my.salesforce.com/", false],
  ])("NO_PROXY=%j and %s → excluded %s", (noProxy, url, expected) => {
    expect(excluded(noProxy, url)).toBe(expected);
  });
});
