import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { AppError } from "@/lib/errors";
import { hashOneTimeToken, isOneTimeTokenShape } from "@/lib/crypto/one-time-token";

// "invalid" covers unknown and expired tokens alike; "used" is only ever learned by someone holding the token.
export type InvitationState =
  | { state: "valid"; email: string; tenantName: string; expiresAt: Date; accountExists: boolean }
  | { state: "invalid" }
  | { state: "used" };

export async function getInvitationByToken(token: string): Promise<InvitationState> {
  if (!isOneTimeTokenShape(token)) return { state: "invalid" };
  const db = getDb();
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    select: { email: true, expiresAt: true, acceptedAt: true, tenant: { select: { name: true } } },
  });
  if (!invitation) return { state: "invalid" };
  if (invitation.acceptedAt) return { state: "used" };
  if (invitation.expiresAt.getTime() <= Date.now()) return { state: "invalid" };
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return {
    state: "valid",
    email: invitation.email,
    tenantName: invitation.tenant.name,
    expiresAt: invitation.expiresAt,
    accountExists: Boolean(account),
  };
}

export type AcceptResult =
  | { ok: true; userId: string; email: string; tenantId: string }
  | { ok: false; reason: "invalid" | "used" | "account_exists" };

type AcceptedRow = { id: string; tenant_id: string; email: string };

// Attempts at one valid invitation link, and from one source IP (unknown IPs share no bucket: see README, "Audit log").
const PER_TOKEN = { limit: 5, windowSeconds: 15 * 60 };
const PER_IP = { limit: 20, windowSeconds: 60 * 60 };
const TOO_MANY = "Too many attempts with this invitation link. Wait 15 minutes, then try again.";

// The token is checked first, then the attempt limits, and only then is the password hashed (argon2 is the costly part).
// One transaction: the conditional update claims the invitation (a concurrent second submit waits on the row lock,
// then matches nothing), and any failure after it (e.g. the email got an account meanwhile) rolls the claim back.
export async function acceptInvitation(input: {
  token: string;
  password: string;
  ip: string | null;
}): Promise<AcceptResult> {
  if (!isOneTimeTokenShape(input.token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashOneTimeToken(input.token);
  const db = getDb();
  const row = await db.invitation.findUnique({ where: { tokenHash }, select: { acceptedAt: true, expiresAt: true } });
  if (!row) return { ok: false, reason: "invalid" };
  if (row.acceptedAt) return { ok: false, reason: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "invalid" };
  const byToken = await consumeRateLimit(
    db,
    `invitation-accept:token:${tokenHash}`,
    PER_TOKEN.limit,
    PER_TOKEN.windowSeconds,
  );
  const byIp = input.ip
    ? await consumeRateLimit(db, `invitation-accept:ip:${input.ip}`, PER_IP.limit, PER_IP.windowSeconds)
    : ({ ok: true, remaining: PER_IP.limit } as const);
  if (!byToken.ok || !byIp.ok) throw new AppError("RATE_LIMITED", TOO_MANY);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<AcceptedRow[]>`
        UPDATE invitations SET accepted_at = now()
        WHERE token_hash = ${tokenHash} AND accepted_at IS NULL AND expires_at > now()
        RETURNING id::text, tenant_id::text, email`;
      const invitation = claimed[0];
      if (!invitation) {
        const row = await tx.invitation.findUnique({ where: { tokenHash }, select: { acceptedAt: true } });
        return { ok: false, reason: row?.acceptedAt ? "used" : "invalid" } as const;
      }
      const taken = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
      if (taken) throw new AppError("CONFLICT", "account_exists");
      const user = await tx.user.create({
        data: {
          id: randomUUID(),
          email: invitation.email,
          passwordHash,
          role: "customer",
          tenantId: invitation.tenant_id,
        },
        select: { id: true, email: true },
      });
      const actor = { id: user.id, email: user.email };
      const common = { actor, tenantId: invitation.tenant_id, ip: input.ip };
      await recordAudit(tx, {
        ...common,
        action: "user.created",
        target: ["user", user.id],
        details: { email: user.email, role: "customer", via: "invitation" },
      });
      await recordAudit(tx, {
        ...common,
        action: "invitation.accepted",
        target: ["invitation", invitation.id],
        details: { email: user.email, userId: user.id },
      });
      return { ok: true, userId: user.id, email: user.email, tenantId: invitation.tenant_id } as const;
    });
  } catch (error) {
    if ((error instanceof AppError && error.message === "account_exists") || isUniqueViolation(error))
      return { ok: false, reason: "account_exists" };
    throw error;
  }
}

// Two invitations for one email accepted at the same moment: users.email's unique index decides.
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === "P2002" || (typeof e?.message === "string" && /unique constraint/i.test(e.message));
}
