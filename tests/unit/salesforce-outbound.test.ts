import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundError, salesforceRequest, type Resolver } from "@/lib/salesforce/outbound";
import { generateTestCredentials } from "@/tests/fake-salesforce/test-credentials";

let server: http.Server;
let origin = "";
const hits: string[] = [];
const authorizationSeen = new Map<string, string | undefined>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    hits.push(url.pathname);
    authorizationSeen.set(url.pathname, req.headers.authorization);
    const redirect = (location: string) => {
      res.writeHead(302, { location });
      res.end();
    };
    if (url.pathname === "/ok") return void res.end(JSON.stringify({ hello: "world" }));
    if (url.pathname === "/to-metadata") return redirect("https://169.254.169.254/latest/meta-data");
    if (url.pathname === "/to-rebound-name") return redirect("https://acme.my.salesforce.com/services/data/");
    if (url.pathname === "/to-http") return redirect("http://acme.my.salesforce.com/");
    if (url.pathname === "/loop") return redirect("/loop");
    if (url.pathname === "/to-same-origin") return redirect("/landing");
    if (url.pathname === "/to-other-origin") return redirect(`${url.searchParams.get("to")}/landing`);
    if (url.pathname === "/landing") return void res.end("{}");
    if (url.pathname === "/hop") {
      const n = Number(url.searchParams.get("n"));
      return n > 0 ? redirect(`/hop?n=${n - 1}`) : void res.end("{}");
    }
    if (url.pathname === "/slow-body") {
      res.writeHead(200, { "content-length": "100" });
      res.write("{");
      return;
    }
    if (url.pathname === "/big") {
      res.writeHead(200);
      return void res.end("x".repeat(2 * 1024 * 1024));
    }
    if (url.pathname === "/reset") return void req.socket.destroy();
    if (url.pathname === "/html") return void res.end("<html>login</html>");
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutboundError);
  return err as OutboundError;
}

const resolvingTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

// proxy: null: the DNS guard runs on the direct path, whatever HTTPS_PROXY the shell running the tests has.
describe("DNS guard", () => {
  it.each([
    ["127.0.0.1"],
    ["10.0.0.7"],
    ["169.254.169.254"],
    ["::1"],
    ["::ffff:127.0.0.1"],
    ["fd00:ec2::254"],
    ["13.110.1.1", "192.168.1.1"],
  ])("refuses a Salesforce-looking name resolving to %s", async (...addresses) => {
    let calls = 0;
    const resolve: Resolver = async (host) => {
      calls++;
      return resolvingTo(...addresses)(host);
    };
    const err = await failure(
      salesforceRequest({
        url: "https://acme.my.salesforce.com/services/data/",
        resolve,
        timeoutMs: 2000,
        proxy: null,
      }),
    );
    expect(err.kind).toBe("blocked_url");
    expect(calls).toBe(1);
  });

  it("classifies a name that does not resolve as dns", async () => {
    const resolve: Resolver = () =>
      Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    expect(
      (await failure(salesforceRequest({ url: "https://nosuchorg.my.salesforce.com/", resolve, proxy: null }))).kind,
    ).toBe("dns");
  });
});

describe("extra origins and responses", () => {
  it("reaches an opted-in origin and parses JSON", async () => {
    const res = await salesforceRequest({ url: `${origin}/ok`, extraOrigins: [origin] });
    expect(res).toMatchObject({ status: 200, json: { hello: "world" } });
  });

  it("refuses the same origin without the opt-in", async () => {
    expect((await failure(salesforceRequest({ url: `${origin}/ok` }))).kind).toBe("blocked_url");
  });

  it("keeps a non-JSON body as text without json", async () => {
    const res = await salesforceRequest({ url: `${origin}/html`, extraOrigins: [origin] });
    expect(res.json).toBeUndefined();
    expect(res.bodyText).toContain("<html>");
  });

  it("caps the body size", async () => {
    const err = await failure(salesforceRequest({ url: `${origin}/big`, extraOrigins: [origin] }));
    expect(err.kind).toBe("network");
    expect(err.message).toMatch(/larger than/);
  });
});

describe("redirects", () => {
  it("follows up to three allowed redirects", async () => {
    const res = await salesforceRequest({ url: `${origin}/hop?n=3`, extraOrigins: [origin] });
    expect(res.status).toBe(200);
  });

  it("refuses a fourth redirect", async () => {
    expect((await failure(salesforceRequest({ url: `${origin}/loop`, extraOrigins: [origin] }))).kind).toBe("redirect");
  });

  it("refuses a redirect to the metadata address", async () => {
    expect((await failure(salesforceRequest({ url: `${origin}/to-metadata`, extraOrigins: [origin] }))).kind).toBe(
      "redirect",
    );
  });

  it("refuses a redirect to plain http", async () => {
    expect((await failure(salesforceRequest({ url: `${origin}/to-http`, extraOrigins: [origin] }))).kind).toBe(
      "redirect",
    );
  });

  it("keeps the bearer token on a same-origin redirect", async () => {
    authorizationSeen.clear();
    await salesforceRequest({
      url: `${origin}/to-same-origin`,
      extraOrigins: [origin],
      headers: { Authorization: "Bearer same-origin-token" },
    });
    expect(authorizationSeen.get("/landing")).toBe("Bearer same-origin-token");
  });

  it("drops the bearer token when a redirect changes origin, even to another allowed origin", async () => {
    const seen: (string | undefined)[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end("{}");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      authorizationSeen.clear();
      const res = await salesforceRequest({
        url: `${origin}/to-other-origin?to=${encodeURIComponent(otherOrigin)}`,
        extraOrigins: [origin, otherOrigin],
        headers: { Authorization: "Bearer secret-token" },
      });
      expect(res.status).toBe(200);
      expect(authorizationSeen.get("/to-other-origin")).toBe("Bearer secret-token");
      expect(seen).toEqual([undefined]);
    } finally {
      other.closeAllConnections();
      await new Promise((r) => other.close(r));
    }
  });

  it("refuses a redirect to a Salesforce name that resolves internally", async () => {
    const err = await failure(
      salesforceRequest({
        url: `${origin}/to-rebound-name`,
        extraOrigins: [origin],
        resolve: resolvingTo("10.0.0.1"),
        proxy: null,
      }),
    );
    expect(err.kind).toBe("redirect");
  });
});

describe("failures are classified", () => {
  it("times out on a slow body within the limit", async () => {
    const started = Date.now();
    const err = await failure(
      salesforceRequest({ url: `${origin}/slow-body`, extraOrigins: [origin], timeoutMs: 300 }),
    );
    expect(err.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("honours an external abort signal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(
      salesforceRequest({ url: `${origin}/slow-body`, extraOrigins: [origin], signal: controller.signal }),
    );
    expect(err.kind).toBe("timeout");
  });

  it("classifies a reset connection", async () => {
    expect((await failure(salesforceRequest({ url: `${origin}/reset`, extraOrigins: [origin] }))).kind).toBe("reset");
  });

  it("classifies a refused connection", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    expect((await failure(salesforceRequest({ url: `${closedOrigin}/`, extraOrigins: [closedOrigin] }))).kind).toBe(
      "refused",
    );
  });

  it("classifies an untrusted certificate as tls", async () => {
    const { privateKeyPem, certificatePem } = generateTestCredentials();
    const tlsServer = https.createServer({ key: privateKeyPem, cert: certificatePem }, (_req, res) => res.end("{}"));
    await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
    const tlsOrigin = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    try {
      expect((await failure(salesforceRequest({ url: `${tlsOrigin}/`, extraOrigins: [tlsOrigin] }))).kind).toBe("tls");
    } finally {
      tlsServer.closeAllConnections();
      await new Promise((r) => tlsServer.close(r));
    }
  });
});
