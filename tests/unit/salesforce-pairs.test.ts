import { describe, expect, it } from "vitest";
import { audiencePairs } from "@/lib/salesforce/pairs";

const LOGIN = "https://login.salesforce.com";
const TEST = "https://test.salesforce.com";

describe("audiencePairs", () => {
  it("orders a sandbox My Domain like the Salesforce CLI", () => {
    const md = "https://acme--dev.sandbox.my.salesforce.com";
    expect(audiencePairs(md, "sandbox")).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: TEST, audience: TEST },
      { tokenHost: LOGIN, audience: LOGIN },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: md, audience: TEST },
    ]);
  });

  it("puts login before test for production", () => {
    const md = "https://acme.my.salesforce.com";
    expect(audiencePairs(`${md}/`, "production")).toEqual([
      { tokenHost: md, audience: md },
      { tokenHost: LOGIN, audience: LOGIN },
      { tokenHost: TEST, audience: TEST },
      { tokenHost: md, audience: LOGIN },
      { tokenHost: md, audience: TEST },
    ]);
  });

  it("de-duplicates when the instance is a login host", () => {
    expect(audiencePairs(LOGIN, "production")).toEqual([
      { tokenHost: LOGIN, audience: LOGIN },
      { tokenHost: TEST, audience: TEST },
      { tokenHost: LOGIN, audience: TEST },
    ]);
    expect(audiencePairs(TEST, "sandbox")).toEqual([
      { tokenHost: TEST, audience: TEST },
      { tokenHost: LOGIN, audience: LOGIN },
      { tokenHost: TEST, audience: LOGIN },
    ]);
  });

  it("sends login/test requests to overridden hosts but keeps the real audiences", () => {
    const fake = "http://127.0.0.1:4010";
    expect(audiencePairs(fake, "production", { loginHosts: { login: fake, test: fake } })).toEqual([
      { tokenHost: fake, audience: fake },
      { tokenHost: fake, audience: LOGIN },
      { tokenHost: fake, audience: TEST },
    ]);
  });
});
