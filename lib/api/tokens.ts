import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import { lineOfText } from "@/lib/validation/refinements";
import { commandAudit, recordAudit } from "@/lib/audit/record-audit";
import { hasPermission, type Role } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

// Machine credentials for collectors. The token is shown once; only its sha256 is stored (with a short hint).

export const API_SCOPES = ["connections:read", "keys:read", "tests:run", "tokens:issue"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const TOKEN_PREFIX = "sfp_";

export const createApiTokenSchema = z.object({
  name: lineOfText({
    required: "Give the token a name, such as the collector that will use it.",
    max: 64,
    tooLong: "Token name must be at most 64 characters.",
    controlCharacters: "Token name cannot contain control characters.",
  }),
  scopes: z
    .array(z.enum(API_SCOPES, `Scopes are ${API_SCOPES.join(", ")}.`), {
      error: `Choose at least one scope: ${API_SCOPES.join(", ")}.`,
    })
    .min(1, `Choose at least one scope: ${API_SCOPES.join(", ")}.`)
    .transform((scopes) => [...new Set(scopes)]),
  tenantId: z.uuid("Unknown tenant.").nullable(),
  expiresDays: z
    .number()
    .int("Expiry is a whole number of days.")
    .min(1, "Expiry is 1 to 3650 days.")
    .max(3650, "Expiry is 1 to 3650 days.")
    .nullable(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

/** Who creates a token: a signed-in user, or the operator's CLI (null), which may create any token. */
export type TokenCreator = { id: string; email: string; role: Role; tenantId: string | null } | null;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

// Admins: any token. Customers: tokens for their own tenant, and only when an admin allowed key export there.
async function assertMayCreate(db: Db, creator: TokenCreator, tenantId: string | null): Promise<void> {
  if (creator === null || hasPermission(creator.role, "api-tokens:manage")) return;
  if (creator.role !== "customer" || !creator.tenantId || tenantId !== creator.tenantId) {
    throw new AppError("FORBIDDEN", "You can create API tokens only for your own organisation.");
  }
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { keyExportAllowed: true } });
  if (!tenant?.keyExportAllowed) {
    throw new AppError(
      "FORBIDDEN",
      "Your organisation does not allow key export, so API tokens cannot be created here. Ask your provider's support to enable it.",
    );
  }
}

export async function createApiToken(db: Db, input: CreateApiTokenInput, creator: TokenCreator, ip: string | null) {
  const parsed = createApiTokenSchema.parse(input);
  if (parsed.tenantId) {
    const tenant = await db.tenant.findUnique({ where: { id: parsed.tenantId }, select: { id: true } });
    if (!tenant) throw new AppError("NOT_FOUND", "That tenant does not exist.");
  }
  await assertMayCreate(db, creator, parsed.tenantId);
  const token = newToken();
  const id = randomUUID();
  const expiresAt = parsed.expiresDays ? new Date(Date.now() + parsed.expiresDays * 86_400_000) : null;
  await db.$transaction(async (tx) => {
    await tx.apiToken.create({
      data: {
        id,
        name: parsed.name,
        tokenHash: hashToken(token),
        tokenHint: token.slice(-4),
        scopes: parsed.scopes,
        tenantId: parsed.tenantId,
        createdById: creator?.id ?? null,
        createdByEmail: creator?.email ?? "cli",
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "api_token.created",
      actor: creator ? { id: creator.id, email: creator.email } : { id: null, email: "cli" },
      tenantId: parsed.tenantId,
      target: ["api_token", id],
      ip,
      details: { name: parsed.name, scopes: parsed.scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
  });
  return { id, token, name: parsed.name, scopes: parsed.scopes, tenantId: parsed.tenantId, expiresAt };
}

export async function revokeApiToken(
  db: Db,
  tokenId: string,
  actor: NonNullable<TokenCreator>,
  ip: string | null,
): Promise<void> {
  if (!isUuid(tokenId)) throw new AppError("NOT_FOUND", "That API token does not exist.");
  const admin = hasPermission(actor.role, "api-tokens:manage");
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({
      where: { id: tokenId },
      select: { id: true, tenantId: true, name: true, revokedAt: true },
    });
    if (
      !token ||
      (!admin && (actor.role !== "customer" || token.tenantId === null || token.tenantId !== actor.tenantId))
    ) {
      throw new AppError("NOT_FOUND", "That API token does not exist.");
    }
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: { id: true } });
    const context = { actor, tenantId: token.tenantId, ip };
    await recordAudit(tx, commandAudit(context, "api_token.revoked", ["api_token", token.id], { name: token.name }));
  });
}

/** The list a page shows: never the hash. A tenant's view includes only that tenant's tokens. */
export async function listApiTokens(db: Db, filter: { tenantId: string | null | "all" }) {
  return db.apiToken.findMany({
    where: filter.tenantId === "all" ? {} : { tenantId: filter.tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      tokenHint: true,
      scopes: true,
      tenantId: true,
      tenant: { select: { name: true } },
      createdByEmail: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      lastUsedIp: true,
      revokedAt: true,
    },
  });
}
