import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { hashOneTimeToken } from "@/lib/crypto/one-time-token";
import { getDb } from "@/lib/db/client";
import { mailConfigured, sendIfConfigured } from "@/lib/mail/send";
import {
  composePasswordResetEmail,
  issuePasswordReset,
  passwordResetUrl,
} from "@/lib/password-resets/issue-password-reset";

// Per email (whoever asks) and per source IP (whichever emails it tries), in fixed one-hour windows.
export const RESET_REQUEST_LIMITS = { perEmail: 5, perIp: 20, windowSeconds: 3600 } as const;

export type ResetRequestResult =
  { ok: true; delivery: "email" | "not_configured" } | { ok: false; retryAfterSeconds: number };

type Refusal = "no_eligible_account" | "mail_not_configured" | "rate_limited";

// The answer is the same whether or not the email has an account: only the mail (sent after answering) differs.
// `baseUrl` is NEXTAUTH_URL only: a link mailed to an address someone typed never takes its host from the request.
export async function requestPasswordReset(input: {
  email: string;
  ip: string | null;
  baseUrl: string | undefined;
}): Promise<ResetRequestResult> {
  const db = getDb();
  const { perEmail, perIp, windowSeconds } = RESET_REQUEST_LIMITS;
  const byEmail = await consumeRateLimit(
    db,
    `password-reset:email:${hashOneTimeToken(input.email)}`,
    perEmail,
    windowSeconds,
  );
  // An unknown IP (no trusted proxy) is no bucket: one shared bucket would let anyone block every reset.
  const byIp = input.ip
    ? await consumeRateLimit(db, `password-reset:ip:${input.ip}`, perIp, windowSeconds)
    : ({ ok: true, remaining: perIp } as const);
  const audit = (outcome: Refusal, user?: { id: string; tenantId: string | null }) =>
    recordAudit(db, {
      action: "password_reset.requested",
      actor: null,
      tenantId: user?.tenantId,
      target: [user ? "user" : "email", user?.id ?? input.email],
      ip: input.ip,
      details: { email: input.email, outcome },
    });
  if (!byEmail.ok || !byIp.ok) {
    await audit("rate_limited");
    const waits = [byEmail, byIp].map((d) => (d.ok ? 0 : d.retryAfterSeconds));
    return { ok: false, retryAfterSeconds: Math.max(...waits) };
  }
  const canMail = mailConfigured() && Boolean(input.baseUrl);
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, tenantId: true, disabledAt: true, passwordHash: true },
  });
  const eligible = user && !user.disabledAt && user.passwordHash ? user : null;
  if (!canMail || !eligible) {
    await audit(canMail ? "no_eligible_account" : "mail_not_configured", user ?? undefined);
    return { ok: true, delivery: canMail ? "email" : "not_configured" };
  }
  const issued = await db.$transaction(async (tx) => {
    const reset = await issuePasswordReset(tx, { userId: eligible.id, createdById: null });
    await recordAudit(tx, {
      action: "password_reset.requested",
      actor: null,
      tenantId: eligible.tenantId,
      target: ["user", eligible.id],
      ip: input.ip,
      details: {
        email: eligible.email,
        outcome: "link_emailed",
        resetId: reset.id,
        expiresAt: reset.expiresAt.toISOString(),
      },
    });
    return reset;
  });
  const url = passwordResetUrl(input.baseUrl!, issued.token);
  // Not awaited: an existing account must not answer slower than an unknown one. sendIfConfigured never rejects.
  void sendIfConfigured(
    composePasswordResetEmail({ to: eligible.email, url, expiresAt: issued.expiresAt }),
    "password reset",
  );
  return { ok: true, delivery: "email" };
}
