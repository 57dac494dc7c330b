import { createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import { SignJWT } from "jose";

/** Salesforce accepts an exp at most 3 minutes ahead (docs/salesforce.md §1). */
export const ASSERTION_LIFETIME_SECONDS = 180;
const MIN_RSA_BITS = 2048;

// A key already loaded by loadSigningKey, when one run signs several assertions (one per audience pair).
export type AssertionInput = {
  clientId: string;
  username: string;
  audience: string;
  now?: Date;
} & ({ privateKeyPem: string } | { key: KeyObject });

/** Thrown for an unusable key; the message never contains key material. */
export class AssertionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionKeyError";
  }
}

/** Loads an RSA private key (PKCS#8 or PKCS#1 PEM) and refuses anything Salesforce would reject. */
export function loadSigningKey(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: privateKeyPem, format: "pem" });
  } catch {
    throw new AssertionKeyError("The private key could not be read: it must be an unencrypted PEM RSA key.");
  }
  // Salesforce silently rejects EC keys, so refuse them here with a clear reason.
  if (key.asymmetricKeyType !== "rsa")
    throw new AssertionKeyError(
      `The private key is ${key.asymmetricKeyType ?? "not RSA"}; Salesforce needs an RSA key.`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw new AssertionKeyError(`The RSA key has ${bits} bits; use ${MIN_RSA_BITS} bits or more.`);
  return key;
}

/** Signs the JWT bearer assertion: RS256, exp in seconds, now + 180 s. */
export async function signAssertion(input: AssertionInput): Promise<string> {
  const key = "key" in input ? input.key : loadSigningKey(input.privateKeyPem);
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setIssuer(input.clientId)
    .setSubject(input.username)
    .setAudience(input.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key);
}
