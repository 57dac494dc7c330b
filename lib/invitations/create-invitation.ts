import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import type { Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { generateOneTimeToken, hashOneTimeToken } from "@/lib/crypto/one-time-token";
import { composeInvitationEmail } from "@/lib/invitations/email";
import { INVITATION_TTL_MS, invitationUrl } from "@/lib/invitations/tokens";
import { sendIfConfigured, type EmailOutcome } from "@/lib/mail/send";

export type CreatedInvitation = {
  id: string;
  email: string;
  tenantName: string;
  url: string;
  expiresAt: Date;
  emailed: EmailOutcome;
};

type Input = {
  tenantId: string;
  email: string;
  actor: NonNullable<AuditActor> & { role?: Role };
  ip: string | null;
  baseUrl: string;
};

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

// Support cannot invite an address of their own domain (one they may control) into a tenant and so gain customer
// write access there; an admin can.
function refuseOwnDomain(input: Input): void {
  if (input.actor.role !== "support") return;
  const domain = domainOf(input.actor.email);
  if (domainOf(input.email) !== domain) return;
  const message = `Invitations to your own email domain (${domain}) are refused: ask an admin to send this one.`;
  throw new AppError("FORBIDDEN", message, { email: message });
}

// The token leaves this function once, in the returned link; the database and the audit log only see its hash.
export async function createInvitation(input: Input): Promise<CreatedInvitation> {
  if (!isUuid(input.tenantId)) throw new AppError("NOT_FOUND", "This tenant does not exist.");
  refuseOwnDomain(input);
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
  const token = generateOneTimeToken();
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.invitation.create({
      data: {
        id,
        tenantId: tenant.id,
        email: input.email,
        tokenHash: hashOneTimeToken(token),
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
  // Without SMTP the staff member sends the link; a mail failure never undoes the invitation.
  const emailed = await sendIfConfigured(
    composeInvitationEmail({ to: input.email, tenantName: tenant.name, url, expiresAt }),
    "invitation",
  );
  return { id, email: input.email, tenantName: tenant.name, url, expiresAt, emailed };
}
