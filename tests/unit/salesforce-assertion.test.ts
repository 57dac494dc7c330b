import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { ASSERTION_LIFETIME_SECONDS, AssertionKeyError, signAssertion } from "@/lib/salesforce/assertion";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const input = {
  clientId: "3MVG9-client",
  username: "integration@acme.com",
  audience: "https://acme.my.salesforce.com",
  privateKeyPem: pkcs8,
};

describe("signAssertion", () => {
  it("signs RS256 with iss, sub, aud, exp in seconds at most now + 180 s, iat and a random jti", async () => {
    const before = Math.floor(Date.now() / 1000);
    const jwt = await signAssertion(input);
    const after = Math.floor(Date.now() / 1000);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "RS256" });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({ iss: input.clientId, sub: input.username, aud: input.audience });
    expect(Number.isInteger(claims.exp)).toBe(true);
    expect(claims.exp).toBeLessThanOrEqual(after + ASSERTION_LIFETIME_SECONDS);
    expect(claims.exp).toBeGreaterThanOrEqual(before + ASSERTION_LIFETIME_SECONDS);
    expect(claims.exp).toBeLessThan(10_000_000_000); // seconds, never milliseconds
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(typeof claims.jti).toBe("string");
    expect(decodeJwt(await signAssertion(input)).jti).not.toBe(claims.jti);
  });

  it("uses the given clock", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const claims = decodeJwt(await signAssertion({ ...input, now }));
    expect(claims.iat).toBe(1767225600);
    expect(claims.exp).toBe(1767225600 + 180);
  });

  it("verifies against the public key", async () => {
    const key = await importSPKI(publicKey.export({ type: "spki", format: "pem" }).toString(), "RS256");
    const { payload } = await jwtVerify(await signAssertion(input), key, {
      audience: input.audience,
      issuer: input.clientId,
    });
    expect(payload.sub).toBe(input.username);
  });

  it("accepts a PKCS#1 key (openssl rsa output)", async () => {
    expect(decodeJwt(await signAssertion({ ...input, privateKeyPem: pkcs1 })).iss).toBe(input.clientId);
  });

  it("refuses EC keys, short RSA keys and garbage without echoing the key", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    for (const pem of [ec, small, "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----"]) {
      const err = await signAssertion({ ...input, privateKeyPem: pem }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AssertionKeyError);
      expect((err as Error).message).not.toContain("PRIVATE KEY");
    }
  });
});
