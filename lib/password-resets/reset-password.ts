import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { clearSignInLimits } from "@/lib/auth/sign-in-limits";
import { hashOneTimeToken, isOneTimeTokenShape } from "@/lib/crypto/one-time-token";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export type ResetLinkProblem = "invalid" | "used" | "expired";

// Only a holder of a real token can learn "used" or "expired"; anything else reads "invalid".
export async function getPasswordResetByToken(
  token: string,
): Promise<{ state: "valid"; email: string; expiresAt: Date } | { state: ResetLinkProblem }> {
  if (!isOneTimeTokenShape(token)) return { state: "invalid" };
  const reset = await getDb().passwordReset.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { email: true, disabledAt: true } } },
  });
  if (!reset || reset.user.disabledAt) return { state: "invalid" };
  if (reset.usedAt) return { state: "used" };
  if (reset.expiresAt.getTime() <= Date.now()) return { state: "expired" };
  return { state: "valid", email: reset.user.email, expiresAt: reset.expiresAt };
}

export type ResetResult = { ok: true; email: string } | { ok: false; reason: ResetLinkProblem };

type Claimed = { id: string; user_id: string };

// Attempts at one valid link, and from one source IP (an unknown IP shares no bucket with others).
const PER_TOKEN = { limit: 5, windowSeconds: 15 * 60 };
const PER_IP = { limit: 20, windowSeconds: 60 * 60 };
const TOO_MANY = "Too many attempts with this link. Wait 15 minutes, then try again.";

// The link is checked first, then the attempt limits; only then is the password hashed (argon2 is the costly part).
// One transaction: the conditional update claims the link (a concurrent second use waits on the row lock, then
// matches nothing); the new password and the bumped session_version (every open session ends) commit with it.
export async function resetPassword(input: {
  token: string;
  password: string;
  ip: string | null;
}): Promise<ResetResult> {
  if (!isOneTimeTokenShape(input.token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashOneTimeToken(input.token);
  const db = getDb();
  const link = await getPasswordResetByToken(input.token);
  if (link.state !== "valid") return { ok: false, reason: link.state };
  const byToken = await consumeRateLimit(
    db,
    `password-reset-use:token:${tokenHash}`,
    PER_TOKEN.limit,
    PER_TOKEN.windowSeconds,
  );
  const byIp = input.ip
    ? await consumeRateLimit(db, `password-reset-use:ip:${input.ip}`, PER_IP.limit, PER_IP.windowSeconds)
    : ({ ok: true, remaining: PER_IP.limit } as const);
  if (!byToken.ok || !byIp.ok) throw new AppError("RATE_LIMITED", TOO_MANY);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<Claimed[]>`
      UPDATE password_resets r SET used_at = now()
      FROM users u
      WHERE r.token_hash = ${tokenHash} AND r.used_at IS NULL AND r.expires_at > now()
        AND u.id = r.user_id AND u.disabled_at IS NULL
      RETURNING r.id::text, r.user_id::text`;
    const reset = claimed[0];
    if (!reset) {
      const row = await tx.passwordReset.findUnique({
        where: { tokenHash },
        select: { usedAt: true, expiresAt: true },
      });
      const reason = !row
        ? "invalid"
        : row.usedAt
          ? "used"
          : row.expiresAt.getTime() <= Date.now()
            ? "expired"
            : "invalid";
      return { ok: false, reason } as const;
    }
    const user = await tx.user.update({
      where: { id: reset.user_id },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, tenantId: true },
    });
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    await clearSignInLimits(tx, user.email);
    await recordAudit(tx, {
      action: "password_reset.completed",
      actor: { id: user.id, email: user.email },
      tenantId: user.tenantId,
      target: ["user", user.id],
      ip: input.ip,
      details: { email: user.email, resetId: reset.id },
    });
    return { ok: true, email: user.email } as const;
  });
}
