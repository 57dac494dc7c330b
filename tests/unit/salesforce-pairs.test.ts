import { describe, expect, it } from "vitest";
import { audiencePairs } from "@/lib/salesforce/pairs";

const LOGIN = "https://login.salesforce.com";
const TEST = "https://test.salesforce.com";

describe("audiencePairs: the org's own host first", () => {
  it("production: My Domain with every audience, environment's first, then login, then test", () => {
    const md = "https://acme.my.salesforce.com";
    expect(audiencePairs(`${md}/`, "production")).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: md, audience: TEST },
      { tokenHost: LOGIN, audience: LOGIN },
      { tokenHost: TEST, audience: TEST },
    ]);
  });

  it("sandbox: the test audience and host come before login", () => {
    const md = "https://acme--dev.sandbox.my.salesforce.com";
    expect(audiencePairs(md, "sandbox")).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: md, audience: TEST },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: TEST, audience: TEST },
      { tokenHost: LOGIN, audience: LOGIN },
    ]);
  });

  it("finds a Gov Cloud-style org (host My Domain, aud login) by the second try", () => {
    const md = "https://agency.my.salesforce.com";
    const pairs = audiencePairs(md, "production");
    expect(pairs.findIndex((p) => p.tokenHost === md && p.audience === LOGIN)).toBe(1);
  });

  it("tries the saved pair first, once", () => {
    const md = "https://acme.my.salesforce.com";
    const pairs = audiencePairs(md, "production", { saved: { tokenHost: md, audience: TEST } });
    expect(pairs[0]).toEqual({ tokenHost: md, audience: TEST });
    expect(pairs).toHaveLength(5);
    expect(pairs.filter((p) => p.audience === TEST && p.tokenHost === md)).toHaveLength(1);
  });

  it("My Domain only: never a login or test token host, even a saved one", () => {
    const md = "https://agency.my.salesforce.com";
    const pairs = audiencePairs(md, "production", { myDomainOnly: true, saved: { tokenHost: LOGIN, audience: LOGIN } });
    expect(pairs).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: md, audience: TEST },
    ]);
  });

  it("sends login/test requests to overridden hosts but keeps the real audiences", () => {
    const md = "http://127.0.0.1:4010";
    const loginHosts = { login: "http://127.0.0.1:4011", test: "http://127.0.0.1:4012/" };
    expect(audiencePairs(md, "production", { loginHosts })).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: md, audience: TEST },
      { tokenHost: "http://127.0.0.1:4011", audience: LOGIN },
      { tokenHost: "http://127.0.0.1:4012", audience: TEST },
    ]);
  });
});
