import { createHash, randomBytes } from "node:crypto";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// 32 random bytes, base64url: 43 characters, shown once in the link and never stored.
export function generateInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

// What the database holds instead of the token: a lookup by hash cannot be turned back into a working link.
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

// Anything that is not the shape of a token is unknown without a database round trip.
export function isInvitationTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;
}
