import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

const valid = {
  DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/portal",
  PORTAL_MASTER_KEY: randomBytes(32).toString("base64"),
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
};

describe("environment configuration", () => {
  it("accepts a complete configuration and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.SALESFORCE_EXTRA_ALLOWED_ORIGINS).toEqual([]);
    expect(env.MAX_CONNECTIONS_PER_TENANT).toBe(50);
    expect(parseEnv({ ...valid, MAX_CONNECTIONS_PER_TENANT: "200" }).MAX_CONNECTIONS_PER_TENANT).toBe(200);
    expect(env.PORTAL_SHUTDOWN_GRACE_MS).toBe(30_000);
    expect(parseEnv({ ...valid, PORTAL_SHUTDOWN_GRACE_MS: "5000" }).PORTAL_SHUTDOWN_GRACE_MS).toBe(5_000);
  });

  it("names every missing variable and says how to make it", () => {
    expect(() => parseEnv({})).toThrow(
      /DATABASE_URL: is required[\s\S]*PORTAL_MASTER_KEY: is required[\s\S]*openssl rand -base64 32[\s\S]*NEXTAUTH_SECRET: is required/,
    );
  });

  it.each([
    ["PORTAL_MASTER_KEY", randomBytes(31).toString("base64"), /exactly 32 random bytes/],
    ["PORTAL_MASTER_KEY", "not base64!", /exactly 32 random bytes/],
    ["PORTAL_PREVIOUS_MASTER_KEYS", `${randomBytes(32).toString("base64")},short`, /exactly 32 bytes/],
    ["NEXTAUTH_SECRET", "too-short", /at least 32 characters/],
    ["DATABASE_URL", "mysql://x", /postgresql:\/\//],
    ["PORT", "70000", /PORT/],
    ["MAX_CONNECTIONS_PER_TENANT", "fifty", /MAX_CONNECTIONS_PER_TENANT: must be a whole number/],
    ["MAX_CONNECTIONS_PER_TENANT", "0", /MAX_CONNECTIONS_PER_TENANT: must be at least 1/],
    ["PORTAL_SHUTDOWN_GRACE_MS", "30s", /PORTAL_SHUTDOWN_GRACE_MS: must be a number of milliseconds/],
    ["PORTAL_SHUTDOWN_GRACE_MS", "-1", /PORTAL_SHUTDOWN_GRACE_MS: must be 0 or more/],
    ["SALESFORCE_EXTRA_ALLOWED_ORIGINS", "http://evil.example.com", /SALESFORCE_EXTRA_ALLOWED_ORIGINS/],
    ["HTTPS_PROXY", "https://proxy.example.com:3128", /HTTPS_PROXY: .*must be an http:\/\/ URL/],
    ["HTTPS_PROXY", "proxy.example.com:3128", /HTTPS_PROXY: .*must be an http:\/\/ URL/],
    ["HTTPS_PROXY", "http://proxy.example.com:3128/path", /HTTPS_PROXY: .*without a path/],
    ["https_proxy", "socks5://proxy.example.com:1080", /https_proxy: .*must be an http:\/\/ URL/],
  ])("rejects a bad %s with a message naming it", (name, value, message) => {
    expect(() => parseEnv({ ...valid, [name]: value })).toThrow(message);
  });

  it("never echoes a secret value in its message", () => {
    const secret = randomBytes(31).toString("base64");
    try {
      parseEnv({ ...valid, PORTAL_MASTER_KEY: secret });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it("accepts an http proxy with credentials and NO_PROXY, and never echoes a bad proxy URL's password", () => {
    const env = parseEnv({
      ...valid,
      HTTPS_PROXY: "http://user:secret@proxy.example.com:3128",
      NO_PROXY: "localhost,.internal",
    });
    expect(env).toMatchObject({
      HTTPS_PROXY: "http://user:secret@proxy.example.com:3128",
      NO_PROXY: "localhost,.internal",
    });
    const message = (() => {
      try {
        parseEnv({ ...valid, HTTPS_PROXY: "https://user:pr0xy-secret@proxy.example.com" });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/HTTPS_PROXY: .*must be an http:\/\/ URL/);
    expect(message).not.toContain("pr0xy-secret");
  });

  it("reads PORTAL_STAFF_NOTIFY as a list of plain addresses and names a bad one's variable", () => {
    expect(parseEnv(valid).PORTAL_STAFF_NOTIFY).toEqual([]);
    const list = parseEnv({ ...valid, PORTAL_STAFF_NOTIFY: " oncall@ops.test, , audit@ops.test " });
    expect(list.PORTAL_STAFF_NOTIFY).toEqual(["oncall@ops.test", "audit@ops.test"]);
    for (const bad of ["oncall@ops.test;audit@ops.test", "Ops <oncall@ops.test>", "not-an-address"])
      expect(() => parseEnv({ ...valid, PORTAL_STAFF_NOTIFY: bad })).toThrow(
        /PORTAL_STAFF_NOTIFY: must be a comma-separated list of plain email addresses/,
      );
  });

  it("allows plain http extra origins only for loopback", () => {
    expect(
      parseEnv({ ...valid, SALESFORCE_EXTRA_ALLOWED_ORIGINS: "http://127.0.0.1:4010" })
        .SALESFORCE_EXTRA_ALLOWED_ORIGINS,
    ).toEqual(["http://127.0.0.1:4010"]);
  });
});
