import "server-only";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { mailConfigured, sendIfConfigured, type EmailOutcome } from "@/lib/mail/send";
import {
  composePasswordResetEmail,
  issuePasswordReset,
  passwordResetUrl,
} from "@/lib/password-resets/issue-password-reset";

export type SentReset = { email: string; expiresAt: Date; emailed: EmailOutcome; url: string | null };

// Staff send a reset link to one customer of this tenant: a staff account or another tenant's user matches nothing
// (404). Emailed when SMTP works; otherwise the link comes back once, for the staff member to send.
export async function sendPasswordReset(input: {
  tenantId: string;
  userId: string;
  actor: NonNullable<AuditActor>;
  ip: string | null;
  baseUrl: string;
}): Promise<SentReset> {
  const notFound = new AppError("NOT_FOUND", "This user does not exist in this tenant.");
  if (!isUuid(input.tenantId) || !isUuid(input.userId)) throw notFound;
  const { user, reset } = await getDb().$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: input.userId, tenantId: input.tenantId, role: "customer" },
      select: { id: true, email: true, disabledAt: true },
    });
    if (!user) throw notFound;
    if (user.disabledAt)
      throw new AppError("CONFLICT", `${user.email} is disabled. Enable the account before sending a reset link.`);
    const reset = await issuePasswordReset(tx, { userId: user.id, createdById: input.actor.id });
    await recordAudit(tx, {
      action: "password_reset.sent",
      actor: input.actor,
      tenantId: input.tenantId,
      target: ["user", user.id],
      ip: input.ip,
      details: {
        email: user.email,
        resetId: reset.id,
        expiresAt: reset.expiresAt.toISOString(),
        delivery: mailConfigured() ? "email" : "link_shown",
      },
    });
    return { user, reset };
  });
  const url = passwordResetUrl(input.baseUrl, reset.token);
  const emailed = await sendIfConfigured(
    composePasswordResetEmail({ to: user.email, url, expiresAt: reset.expiresAt }),
    "password reset",
  );
  // A mailed link is not shown: the customer's mailbox is the only place it should exist.
  return { email: user.email, expiresAt: reset.expiresAt, emailed, url: emailed === "sent" ? null : url };
}
