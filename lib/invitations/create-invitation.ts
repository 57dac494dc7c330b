import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendInvitationEmail } from "@/lib/invitations/email";
import {
  generateInvitationToken,
  hashInvitationToken,
  INVITATION_TTL_MS,
  invitationUrl,
} from "@/lib/invitations/tokens";

export type EmailOutcome = "sent" | "not_configured" | "failed";

export type CreatedInvitation = {
  id: string;
  email: string;
  tenantName: string;
  url: string;
  expiresAt: Date;
  emailed: EmailOutcome;
};

type Input = { tenantId: string; email: string; actor: NonNullable<AuditActor>; ip: string | null; baseUrl: string };

// The token leaves this function once, in the returned link; the database and the audit log only see its hash.
export async function createInvitation(input: Input): Promise<CreatedInvitation> {
  if (!isUuid(input.tenantId)) throw new AppError("NOT_FOUND", "This tenant does not exist.");
  const db = getDb();
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, name: true } });
  if (!tenant) throw new AppError("NOT_FOUND", "This tenant does not exist.");
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { tenantId: true } });
  if (existing) {
    throw new AppError(
      "CONFLICT",
      `${input.email} already has an account${existing.tenantId === tenant.id ? " in this tenant" : ""}. They can sign in with it; no invitation is needed.`,
    );
  }
  const token = generateInvitationToken();
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.invitation.create({
      data: {
        id,
        tenantId: tenant.id,
        email: input.email,
        tokenHash: hashInvitationToken(token),
        expiresAt,
        createdById: input.actor.id,
      },
      select: { id: true },
    });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: tenant.id }, "invitation.created", ["invitation", id], {
        email: input.email,
        expiresAt: expiresAt.toISOString(),
      }),
    );
  });
  const url = invitationUrl(input.baseUrl, token);
  const emailed = await emailIfConfigured({ to: input.email, tenantName: tenant.name, url, expiresAt });
  return { id, email: input.email, tenantName: tenant.name, url, expiresAt, emailed };
}

// Without SMTP the staff member sends the link; a mail failure never undoes the invitation.
async function emailIfConfigured(message: {
  to: string;
  tenantName: string;
  url: string;
  expiresAt: Date;
}): Promise<EmailOutcome> {
  const { SMTP_URL, SMTP_FROM } = getEnv();
  if (!SMTP_URL || !SMTP_FROM) return "not_configured";
  try {
    await sendInvitationEmail({ smtpUrl: SMTP_URL, from: SMTP_FROM, ...message });
    return "sent";
  } catch (error) {
    console.error("[portal] invitation email failed:", error instanceof Error ? error.message : "unknown error");
    return "failed";
  }
}
