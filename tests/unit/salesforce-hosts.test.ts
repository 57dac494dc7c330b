import { describe, expect, it } from "vitest";
import {
  detectEnvironment,
  isAllowedSalesforceHost,
  isLoginHost,
  isMyDomainOnlyHost,
  parseInstanceUrl,
} from "@/lib/salesforce/hosts";
import { parseExtraOrigins, parseTestLoginOrigins } from "@/lib/salesforce/test-origins";
import { isBlockedAddress } from "@/lib/salesforce/ip-policy";
import { OutboundError, salesforceRequest } from "@/lib/salesforce/outbound";

describe("parseInstanceUrl", () => {
  it.each([
    ["https://acme.my.salesforce.com", "https://acme.my.salesforce.com", "production"],
    ["acme.my.salesforce.com", "https://acme.my.salesforce.com", "production"],
    ["  https://ACME.My.Salesforce.com/  ", "https://acme.my.salesforce.com", "production"],
    ["https://acme.my.salesforce.com:443/lightning/setup", "https://acme.my.salesforce.com", "production"],
    ["https://acme--dev.sandbox.my.salesforce.com", "https://acme--dev.sandbox.my.salesforce.com", "sandbox"],
    ["https://acme--uat.my.salesforce.com", "https://acme--uat.my.salesforce.com", "sandbox"],
    ["https://acme-dev-ed.develop.my.salesforce.com", "https://acme-dev-ed.develop.my.salesforce.com", "production"],
    [
      "https://fun-scratch-123.scratch.my.salesforce.com",
      "https://fun-scratch-123.scratch.my.salesforce.com",
      "sandbox",
    ],
    ["https://agency.my.salesforce.mil", "https://agency.my.salesforce.mil", "production"],
    ["https://agency--qa.sandbox.my.salesforce.mil", "https://agency--qa.sandbox.my.salesforce.mil", "sandbox"],
    ["https://acme.my.sfcrmproducts.cn", "https://acme.my.sfcrmproducts.cn", "production"],
    ["https://acme--qa.sandbox.my.sfcrmproducts.cn", "https://acme--qa.sandbox.my.sfcrmproducts.cn", "sandbox"],
    ["https://acme.my-salesforce.com", "https://acme.my-salesforce.com", "production"],
    ["https://xn--caf-dma.my.salesforce.com", "https://xn--caf-dma.my.salesforce.com", "production"],
    ["https://acme--dev.my.salesforce.mil", "https://acme--dev.my.salesforce.mil", "sandbox"],
  ])("accepts %s", (input, url, environment) => {
    const parsed = parseInstanceUrl(input);
    expect(parsed).toMatchObject({ ok: true, url, environment });
  });

  it("suggests the My Domain for Lightning URLs", () => {
    expect(parseInstanceUrl("https://acme.lightning.force.com/lightning/page/home")).toMatchObject({
      ok: false,
      suggestion: "https://acme.my.salesforce.com",
    });
    expect(parseInstanceUrl("acme--dev.sandbox.lightning.force.com")).toMatchObject({
      ok: false,
      suggestion: "https://acme--dev.sandbox.my.salesforce.com",
    });
  });

  it.each([
    ["https://acme.my.site.com/s/login", "https://acme.my.salesforce.com"],
    ["acme--uat.sandbox.my.site.com", "https://acme--uat.sandbox.my.salesforce.com"],
    ["https://acme.my.salesforce-sites.com/help", "https://acme.my.salesforce.com"],
    ["https://acme.lightning.sfcrmapps.cn", "https://acme.my.sfcrmproducts.cn"],
    ["https://acme.my-lightning.com", "https://acme.my-salesforce.com"],
  ])("suggests the My Domain for the lookalike %s", (input, suggestion) => {
    expect(parseInstanceUrl(input)).toMatchObject({ ok: false, suggestion });
  });

  it.each([
    "https://login.salesforce.com",
    "test.salesforce.com",
    "https://login.salesforce.mil",
    "https://test.salesforce.mil",
  ])("refuses the shared login host %s as the Instance URL, pointing at the My Domain", (input) => {
    const parsed = parseInstanceUrl(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/not your org.*My Domain/s);
  });

  it("says what a My Domain URL looks like when rejecting", () => {
    const parsed = parseInstanceUrl("https://example.com");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain("https://yourcompany.my.salesforce.com");
  });

  it("accepts an exact extra origin only when opted in", () => {
    expect(parseInstanceUrl("http://127.0.0.1:4010").ok).toBe(false);
    expect(parseInstanceUrl("http://127.0.0.1:4010/", { extraOrigins: ["http://127.0.0.1:4010"] })).toMatchObject({
      ok: true,
      url: "http://127.0.0.1:4010",
    });
    expect(parseInstanceUrl("http://127.0.0.1:4011", { extraOrigins: ["http://127.0.0.1:4010"] }).ok).toBe(false);
  });
});

describe("host helpers", () => {
  it("classifies hosts", () => {
    expect(isAllowedSalesforceHost("ACME.my.salesforce.com")).toBe(true);
    expect(isAllowedSalesforceHost("my.salesforce.com")).toBe(false);
    expect(detectEnvironment("acme--dev.sandbox.my.salesforce.com")).toBe("sandbox");
    expect(detectEnvironment("acme.my.salesforce.com")).toBe("production");
    expect(isLoginHost("login.salesforce.com")).toBe(true);
    expect(isLoginHost("acme.my.salesforce.com")).toBe(false);
    expect(isLoginHost("login.salesforce.mil")).toBe(true);
  });

  it("detects a legacy sandbox from the first label only, never from a punycode prefix", () => {
    expect(detectEnvironment("xn--bcher-kva.my.salesforce.com")).toBe("production");
    expect(detectEnvironment("acme--full2.my.salesforce.com")).toBe("sandbox");
    expect(detectEnvironment("acme.my.salesforce.com")).toBe("production");
  });

  it("marks .mil and .cn My Domains as My Domain only", () => {
    expect(isMyDomainOnlyHost("agency.my.salesforce.mil")).toBe(true);
    expect(isMyDomainOnlyHost("acme.my.sfcrmproducts.cn")).toBe(true);
    expect(isMyDomainOnlyHost("acme.my.salesforce.com")).toBe(false);
  });
});

describe("parseTestLoginOrigins", () => {
  const extra = ["http://127.0.0.1:4011", "http://127.0.0.1:4012"];
  it("is off by default", () => expect(parseTestLoginOrigins(undefined, extra)).toBeNull());
  it("maps login and test to opted-in origins", () => {
    expect(parseTestLoginOrigins("login=http://127.0.0.1:4011, test=http://127.0.0.1:4012/", extra)).toEqual({
      login: "http://127.0.0.1:4011",
      test: "http://127.0.0.1:4012",
    });
  });
  it.each([
    [
      "login=http://127.0.0.1:4011,test=http://127.0.0.1:4099",
      /must also be listed in SALESFORCE_EXTRA_ALLOWED_ORIGINS/,
    ],
    ["login=http://127.0.0.1:4011", /both login= and test=/],
    ["prod=http://127.0.0.1:4011", /must look like login=/],
  ])("refuses %s", (value, message) => {
    expect(() => parseTestLoginOrigins(value, extra)).toThrow(message);
  });
});

describe("parseExtraOrigins", () => {
  it("is off by default", () => {
    expect(parseExtraOrigins(undefined)).toEqual([]);
    expect(parseExtraOrigins("  ")).toEqual([]);
  });
  it("parses loopback http and any https origin", () => {
    expect(parseExtraOrigins("http://127.0.0.1:4010, http://[::1]:4011,https://fake.example.test:8443")).toEqual([
      "http://127.0.0.1:4010",
      "http://[::1]:4011",
      "https://fake.example.test:8443",
    ]);
  });
  it.each([
    "http://10.0.0.5:4010",
    "http://fake.example.test:4010",
    "ftp://127.0.0.1",
    "http://127.0.0.1:4010/path",
    "http://u:p@127.0.0.1:4010",
    "not a url",
    "http://127.0.0.1:4010?x=1",
  ])("throws on %s", (value) => {
    expect(() => parseExtraOrigins(value)).toThrow(/SALESFORCE_EXTRA_ALLOWED_ORIGINS/);
  });
});

// None of these may ever be contacted. Each goes through both the form parser and the outbound guard.
const HOSTILE_URLS = [
  "http://acme.my.salesforce.com",
  "https://acme.my.salesforce.com:8443",
  "https://acme.my.salesforce.com:80",
  "https://x@evil.com",
  "https://user:pass@acme.my.salesforce.com",
  "https://acme.my.salesforce.com@evil.com",
  "https://evil.com#@acme.my.salesforce.com",
  "https://evil.com\\@acme.my.salesforce.com",
  "https://my.salesforce.com.evil.com",
  "https://acme.my.salesforce.com.evil.com",
  "https://acme.my.salesforce.com.",
  "https://evilmy.salesforce.com",
  "https://acme.mysalesforce.com",
  "https://acme.my.salesforce.co",
  "https://acme.salesforce.com",
  "https://salesforce.com",
  "https://acme.lightning.force.com",
  "https://acme--dev.sandbox.lightning.force.com",
  "https://acme.my.site.com",
  "https://127.0.0.1",
  "https://2130706433",
  "https://0x7f000001",
  "https://0177.0.0.1",
  "https://0x7f.0.0.1",
  "https://127.1",
  "https://[::1]",
  "https://[::ffff:127.0.0.1]",
  "https://[::ffff:7f00:1]",
  "https://[fd00:ec2::254]",
  "https://169.254.169.254/latest/meta-data",
  "https://0.0.0.0",
  "https://10.0.0.1",
  "https://192.168.1.1",
  "https://100.64.0.1",
  "https://localhost",
  "https://localhost.localdomain",
  "https://metadata.google.internal",
  "file:///etc/passwd",
  "gopher://acme.my.salesforce.com",
  "javascript:alert(1)",
  "https://acme%2emy.salesforce.com.evil.com",
  "https://xn--acme-9ua.my.salesforce.com.evil.com",
  "https://a..my.salesforce.com",
  "https://-acme.my.salesforce.com",
];

describe("hostile inputs", () => {
  it("has at least 40 of them", () => expect(HOSTILE_URLS.length).toBeGreaterThanOrEqual(40));

  it.each(HOSTILE_URLS)("parseInstanceUrl rejects %s", (input) => {
    expect(parseInstanceUrl(input).ok).toBe(false);
  });

  it.each(HOSTILE_URLS)("salesforceRequest refuses %s before any DNS or socket", async (input) => {
    const resolve = () => Promise.reject(new Error("resolver must not be called"));
    const err = await salesforceRequest({ url: input, resolve }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect((err as OutboundError).kind).toBe("blocked_url");
  });
});

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.0.1",
    "169.254.169.254",
    "100.64.1.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::",
    "fd00:ec2::254",
    "fe80::1",
    "fc00::1",
    "ff02::1",
    "not-an-ip",
    // IPv4-mapped (::ffff:0:0/96) is refused whole, public IPv4 inside or not; so are SIIT and local-use NAT64.
    "::ffff:13.110.1.1",
    "::ffff:d6e:101",
    "0:0:0:0:0:ffff:8.8.8.8",
    "::ffff:0:13.110.1.1",
    "::ffff:0:7f00:1",
    "64:ff9b:1::d6e:101",
    "64:ff9b:1:ffff::1",
    "64:ff9b:1::a9fe:a9fe",
  ])("blocks %s", (address) => expect(isBlockedAddress(address)).toBe(true));
  it.each(["13.110.1.1", "85.222.128.1", "2a01:111:f400::1", "64:ff9b::d6e:101", "64:ff9b:2::1"])(
    "allows public %s",
    (address) => expect(isBlockedAddress(address)).toBe(false),
  );
});
