import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loggerOptions, requestContext } from "@/lib/logger.mjs";

// The logger's second line of defence (README "Logs"): fields named like credentials are censored whoever logs them,
// and every line written while a request runs carries that request's id.
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino(loggerOptions(), stream), lines };
}

describe("the portal logger", () => {
  it("censors passwords, tokens, keys and credential headers at the top level and one level down", () => {
    const { logger, lines } = capture();
    const secrets = {
      password: "correct horse battery",
      token: "sfp_live_token_value",
      privateKeyPem: "-----BEGIN PRIVATE KEY-----MIIE",
      headers: { authorization: "Bearer abc.def.ghi", cookie: "session=s3cr3t" },
      request: { password: "hunter2-nested", access_token: "00Dxx!AQ0AQ" },
    };
    logger.info(secrets, "something happened");
    const line = lines.join("\n");
    for (const value of ["correct horse", "sfp_live", "BEGIN PRIVATE", "abc.def", "s3cr3t", "hunter2", "00Dxx"])
      expect(line).not.toContain(value);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      msg: "something happened",
      service: "sf-jwt-portal",
      password: "[redacted]",
      headers: { authorization: "[redacted]" },
    });
  });

  it("adds the request id to every line logged while the request runs, and none outside", async () => {
    const { logger, lines } = capture();
    await requestContext().run({ requestId: "8a1b8e4e-1111-4222-8333-944455556666" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn("inside");
    });
    logger.warn("outside");
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "inside", requestId: "8a1b8e4e-1111-4222-8333-944455556666" });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty("requestId");
  });
});
