import { createHash, randomBytes } from "node:crypto";

// Links that act as a credential (invitations, password resets): shown or mailed once, only the hash is stored.

// 32 random bytes, base64url: 43 characters.
export function generateOneTimeToken(): string {
  return randomBytes(32).toString("base64url");
}

// What the database holds instead of the token: a lookup by hash cannot be turned back into a working link.
export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

// Anything that is not the shape of a token is unknown without a database round trip.
export function isOneTimeTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
