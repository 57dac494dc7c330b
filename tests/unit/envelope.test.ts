import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { EnvelopeError, open, parseMasterKey, privateKeyAad, seal, type MasterKey } from "@/lib/crypto/envelope";

const newKey = (): MasterKey => parseMasterKey(randomBytes(32).toString("base64"));
const key = newKey();
const aad = privateKeyAad("conn-1", "cert-1");
const secret = "-----BEGIN PRIVATE KEY-----\nMIIE...fake\n-----END PRIVATE KEY-----\n";

// Flips one bit inside the decoded bytes of a part, so the re-encoded envelope is still well-formed.
function tamper(envelope: string, index: number): string {
  const parts = envelope.split(":");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

function openError(fn: () => unknown): EnvelopeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvelopeError);
    return error as EnvelopeError;
  }
  throw new Error("expected open() to throw");
}

describe("seal and open", () => {
  test("round-trips a string and a buffer", () => {
    expect(open(seal(secret, aad, key), aad, key).toString("utf8")).toBe(secret);
    const binary = randomBytes(300);
    expect(open(seal(binary, aad, key), aad, [key]).equals(binary)).toBe(true);
    expect(open(seal("", aad, key), aad, key).length).toBe(0);
  });

  test("has the documented format and never contains the plaintext", () => {
    const envelope = seal(secret, aad, key);
    const parts = envelope.split(":");
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe("v1");
    expect(parts[1]).toBe(key.id);
    expect(Buffer.from(parts[2]!, "base64url")).toHaveLength(12);
    expect(Buffer.from(parts[4]!, "base64url")).toHaveLength(16);
    expect(envelope).not.toContain("PRIVATE KEY");
  });

  test("two seals of the same plaintext differ", () => {
    const a = seal(secret, aad, key);
    const b = seal(secret, aad, key);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
    expect(a.split(":")[3]).not.toBe(b.split(":")[3]);
  });

  test.each([
    ["IV", 2],
    ["ciphertext", 3],
    ["tag", 4],
  ])("tampered %s fails authentication", (_name, index) => {
    const envelope = seal(secret, aad, key);
    expect(openError(() => open(tamper(envelope, index), aad, key)).code).toBe("AUTH_FAILED");
  });

  test("ciphertext moved to another connection or certificate row fails", () => {
    const envelope = seal(secret, aad, key);
    expect(openError(() => open(envelope, privateKeyAad("conn-2", "cert-1"), key)).code).toBe("AUTH_FAILED");
    expect(openError(() => open(envelope, privateKeyAad("conn-1", "cert-2"), key)).code).toBe("AUTH_FAILED");
    expect(openError(() => open(envelope, privateKeyAad("cert-1", "conn-1"), key)).code).toBe("AUTH_FAILED");
  });

  test("the wrong master key fails, even when it claims the right key id", () => {
    const envelope = seal(secret, aad, key);
    const other = newKey();
    expect(openError(() => open(envelope, aad, other)).code).toBe("UNKNOWN_KEY");
    const impostor: MasterKey = { id: key.id, key: other.key };
    expect(openError(() => open(envelope, aad, impostor)).code).toBe("AUTH_FAILED");
  });

  test("a rewritten key id or version is rejected", () => {
    const other = newKey();
    const envelope = seal(secret, aad, key);
    const relabelled = envelope.replace(`:${key.id}:`, `:${other.id}:`);
    expect(openError(() => open(relabelled, aad, [key, other])).code).toBe("AUTH_FAILED");
    expect(openError(() => open(envelope.replace(/^v1:/, "v2:"), aad, key)).code).toBe("UNSUPPORTED_VERSION");
  });

  test("key rotation: each envelope opens with the key named by its kid", () => {
    const oldKey = newKey();
    const currentKey = newKey();
    const oldEnvelope = seal("old", aad, oldKey);
    const newEnvelope = seal("new", aad, currentKey);
    const ring = [currentKey, oldKey];
    expect(open(oldEnvelope, aad, ring).toString()).toBe("old");
    expect(open(newEnvelope, aad, ring).toString()).toBe("new");
    // Once the old key is retired, its envelopes fail loudly instead of returning anything.
    expect(openError(() => open(oldEnvelope, aad, [currentKey])).code).toBe("UNKNOWN_KEY");
  });

  test.each([
    ["empty", ""],
    ["plaintext PEM", secret],
    ["too few parts", "v1:abcdef01:AAAA"],
    ["too many parts", "v1:abcdef01:a:b:c:d"],
    ["bad key id", "v1:ZZZZZZZZ:AAAAAAAAAAAAAAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA"],
    ["short IV", "v1:abcdef01:AAAA:AAAA:AAAAAAAAAAAAAAAAAAAAAA"],
    ["non-base64url", "v1:abcdef01:AAAAAAAAAAAAAAAA:****:AAAAAAAAAAAAAAAAAAAAAA"],
    ["short tag", "v1:abcdef01:AAAAAAAAAAAAAAAA:AAAA:AAAA"],
  ])("malformed input (%s) throws EnvelopeError, never returns data", (_name, input) => {
    const error = openError(() => open(input, aad, key));
    expect(["MALFORMED", "UNSUPPORTED_VERSION"]).toContain(error.code);
  });

  test("error messages contain neither key material nor plaintext", () => {
    const envelope = seal(secret, aad, key);
    const messages = [
      openError(() => open(tamper(envelope, 3), aad, key)).message,
      openError(() => open(envelope, aad, newKey())).message,
      openError(() => open(secret, aad, key)).message,
    ];
    for (const message of messages) {
      expect(message).not.toContain(key.key.toString("base64"));
      expect(message).not.toContain("PRIVATE KEY");
      expect(message).not.toContain(envelope.split(":")[3]!);
    }
  });
});

describe("parseMasterKey", () => {
  test("accepts 32 bytes as base64 and base64url, with a stable 8-hex key id", () => {
    const raw = randomBytes(32);
    const fromBase64 = parseMasterKey(raw.toString("base64"));
    const fromBase64url = parseMasterKey(raw.toString("base64url"));
    expect(fromBase64.key.equals(raw)).toBe(true);
    expect(fromBase64url.key.equals(raw)).toBe(true);
    expect(fromBase64.id).toMatch(/^[0-9a-f]{8}$/);
    expect(fromBase64url.id).toBe(fromBase64.id);
    expect(parseMasterKey(`  ${raw.toString("base64")}\n`).id).toBe(fromBase64.id);
  });

  test.each([
    ["31 bytes", randomBytes(31).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["64 hex characters", randomBytes(32).toString("hex")],
    ["garbage", "this is not a key at all!!"],
    [
      "base64 with junk inside",
      `${randomBytes(32).toString("base64").slice(0, 20)}$$$${randomBytes(8).toString("base64")}`,
    ],
    ["empty", ""],
  ])("rejects %s with a message naming PORTAL_MASTER_KEY and not the value", (_name, value) => {
    let message = "";
    try {
      parseMasterKey(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("PORTAL_MASTER_KEY");
    expect(message).toContain("openssl rand -base64 32");
    if (value.length > 0) expect(message).not.toContain(value);
    if (value.length > 8) expect(message).not.toContain(value.slice(0, 8));
  });
});
