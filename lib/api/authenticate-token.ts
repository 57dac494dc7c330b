import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashToken, TOKEN_PREFIX } from "./tokens";
import { API_SCOPES, type ApiScope } from "./schemas";

// Token authentication for /api/v1: the bearer token to the principal it acts as (tokens.ts creates the tokens).

export type ApiPrincipal = { tokenId: string; name: string; scopes: ApiScope[]; tenantId: string | null };

const LAST_USED_GRANULARITY_MS = 60_000;

/** Resolves `Authorization: Bearer sfp_…`; a missing, unknown, expired or revoked token is a 401. */
export async function authenticateApiToken(
  db: Db,
  authorization: string | null,
  ip: string | null,
): Promise<ApiPrincipal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  if (!match?.[1])
    throw new AppError(
      "UNAUTHENTICATED",
      "Send an API token as Authorization: Bearer sfp_…; create one with npm run api-token:create or on the API tokens page.",
    );
  const token = match[1];
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200)
    throw new AppError("UNAUTHENTICATED", "That API token is not valid.");
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      name: true,
      scopes: true,
      tenantId: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
    },
  });
  if (!row) throw new AppError("UNAUTHENTICATED", "That API token is not valid.");
  if (row.revokedAt) throw new AppError("UNAUTHENTICATED", "That API token was revoked. Create a new one.");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now())
    throw new AppError("UNAUTHENTICATED", "That API token has expired. Create a new one.");
  // "Last used" to the minute: one write a minute per token, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS || row.lastUsedIp !== ip) {
    await db.apiToken.update({
      where: { id: row.id },
      data: { lastUsedAt: new Date(), lastUsedIp: ip },
      select: { id: true },
    });
  }
  return {
    tokenId: row.id,
    name: row.name,
    scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)),
    tenantId: row.tenantId,
  };
}
