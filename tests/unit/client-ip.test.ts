import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/request";

describe("clientIp (TRUSTED_PROXY_HOPS)", () => {
  it.each([
    // [X-Forwarded-For, hops, the address the audit log records]
    ["203.0.113.9", 0, null], // no proxy: the header is the client's own word
    ["6.6.6.6, 203.0.113.9", 0, null],
    [undefined, 0, null],
    ["203.0.113.9", 1, "203.0.113.9"], // the proxy's entry
    ["6.6.6.6, 203.0.113.9", 1, "203.0.113.9"], // a forged first entry is not taken
    ["6.6.6.6, 198.51.100.1, 203.0.113.9", 2, "198.51.100.1"],
    ["203.0.113.9", 2, null], // fewer entries than proxies: nobody to trust
    [undefined, 1, null],
    ["  ", 1, null],
  ] as const)("%s with %i hop(s) → %s", (header, hops, expected) => {
    const headers = new Headers(header === undefined ? {} : { "x-forwarded-for": header });
    expect(clientIp(headers, hops)).toBe(expected);
  });

  it("with no proxy (0 hops) records the TCP peer from scripts/server.mjs, whatever X-Forwarded-For says", () => {
    const headers = new Headers({ "x-portal-peer": "192.0.2.7", "x-forwarded-for": "6.6.6.6" });
    expect(clientIp(headers, 0)).toBe("192.0.2.7");
    expect(clientIp({ "x-portal-peer": "2001:db8::1" }, 0)).toBe("2001:db8::1");
    // Behind a proxy the peer is the proxy itself: the header is not read.
    expect(clientIp(new Headers({ "x-portal-peer": "10.0.0.2" }), 1)).toBeNull();
  });

  it("reads next-auth's plain header objects too, and caps the length", () => {
    expect(clientIp({ "x-forwarded-for": ["1.1.1.1", "203.0.113.9"] }, 1)).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "x".repeat(500) }, 1)).toHaveLength(64);
  });
});
