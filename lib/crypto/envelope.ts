import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export type MasterKey = { id: string; key: Buffer };

export type EnvelopeErrorCode = "UNSUPPORTED_VERSION" | "UNKNOWN_KEY" | "MALFORMED" | "AUTH_FAILED";

// Messages never include key material, plaintext or the envelope itself: they end up in logs.
export class EnvelopeError extends Error {
  readonly code: EnvelopeErrorCode;

  constructor(code: EnvelopeErrorCode, message: string) {
    super(message);
    this.name = "EnvelopeError";
    this.code = code;
  }
}

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/\-_]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_ID = /^[0-9a-f]{8}$/;

export function parseMasterKey(base64: string): MasterKey {
  const text = base64.trim();
  const hint =
    "PORTAL_MASTER_KEY must be 32 random bytes encoded as base64; generate one with `openssl rand -base64 32`.";
  // Buffer.from silently skips invalid characters, so the alphabet is checked first.
  if (!BASE64.test(text) || text.replace(/=+$/, "").length % 4 === 1)
    throw new Error(`${hint} The value is not valid base64.`);
  const key = Buffer.from(text, "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${hint} The value decodes to ${key.length} bytes.`);
  return { id: keyId(key), key };
}

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function privateKeyAad(connectionId: string, certificateId: string): string {
  return `sf-portal:private-key:${VERSION}:connection=${connectionId}:certificate=${certificateId}`;
}

// A pre-generated key waiting in the pool (lib/crypto/key-pool.ts): bound to its pool row, not to any tenant yet.
export function pooledKeyAad(poolId: string): string {
  return `sf-portal:pooled-key:${VERSION}:pool=${poolId}`;
}

// A webhook endpoint's signing secret (lib/webhooks/endpoints.ts): bound to its endpoint row.
export function webhookSecretAad(endpointId: string): string {
  return `sf-portal:webhook-secret:${VERSION}:endpoint=${endpointId}`;
}

export function seal(plaintext: string | Buffer, aad: string, key: MasterKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(headerAad(key.id, aad));
  const data = typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext;
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, b64url(iv), b64url(ciphertext), b64url(tag)].join(":");
}

export function open(envelope: string, aad: string, keys: MasterKey | MasterKey[]): Buffer {
  const parts = envelope.split(":");
  if (parts[0] !== VERSION) {
    throw parts.length === 5
      ? new EnvelopeError("UNSUPPORTED_VERSION", "Encrypted value has an unsupported envelope version.")
      : new EnvelopeError("MALFORMED", "Encrypted value is not a valid envelope.");
  }
  const [, kid, ivText, ciphertextText, tagText] = parts;
  if (
    parts.length !== 5 ||
    kid === undefined ||
    ivText === undefined ||
    ciphertextText === undefined ||
    tagText === undefined
  ) {
    throw new EnvelopeError("MALFORMED", "Encrypted value is not a valid envelope.");
  }
  if (!KEY_ID.test(kid)) throw new EnvelopeError("MALFORMED", "Encrypted value has an invalid key id.");
  const iv = fromB64url(ivText);
  const ciphertext = fromB64url(ciphertextText);
  const tag = fromB64url(tagText);
  if (iv?.length !== IV_BYTES || ciphertext === undefined || tag?.length !== TAG_BYTES) {
    throw new EnvelopeError("MALFORMED", "Encrypted value is not a valid envelope.");
  }

  const candidates = (Array.isArray(keys) ? keys : [keys]).filter((k) => k.id === kid);
  // The kid is a truncated hash of the key, not a secret: naming it tells an operator which key is missing.
  if (candidates.length === 0)
    throw new EnvelopeError("UNKNOWN_KEY", `Encrypted value uses master key ${kid}, which is not configured.`);

  for (const candidate of candidates) {
    const plaintext = tryDecrypt(candidate, aad, iv, ciphertext, tag);
    if (plaintext) return plaintext;
  }
  throw new EnvelopeError(
    "AUTH_FAILED",
    "Encrypted value failed authentication: wrong key, wrong record, or tampered data.",
  );
}

function tryDecrypt(key: MasterKey, aad: string, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(headerAad(key.id, aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

// Binding the version and kid to the tag means a rewritten header cannot pass authentication.
function headerAad(kid: string, aad: string): Buffer {
  return Buffer.from(`${VERSION}:${kid}:${aad}`, "utf8");
}

function b64url(data: Buffer): string {
  return data.toString("base64url");
}

// Canonical encoding only, so an envelope has exactly one spelling.
function fromB64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const data = Buffer.from(text, "base64url");
  return b64url(data) === text ? data : undefined;
}
