import "server-only";
import { randomUUID } from "node:crypto";
import { generateOneTimeToken, hashOneTimeToken } from "@/lib/crypto/one-time-token";
import type { Db } from "@/lib/db/client";
import { formatUtc } from "@/lib/dates";
import type { OutgoingMail } from "@/lib/mail/transport";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type IssuedReset = { id: string; token: string; expiresAt: Date };

// A new link replaces the user's unused ones, so only the latest link works. The token leaves here once; the
// database only sees its hash.
export async function issuePasswordReset(
  tx: Tx,
  input: { userId: string; createdById: string | null },
): Promise<IssuedReset> {
  await tx.passwordReset.deleteMany({ where: { userId: input.userId, usedAt: null } });
  const token = generateOneTimeToken();
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
  await tx.passwordReset.create({
    data: { id, userId: input.userId, tokenHash: hashOneTimeToken(token), expiresAt, createdById: input.createdById },
    select: { id: true },
  });
  return { id, token, expiresAt };
}

export function passwordResetUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/reset-password/${token}`;
}

export function composePasswordResetEmail(input: { to: string; url: string; expiresAt: Date }): OutgoingMail {
  return {
    to: input.to,
    subject: "Reset your password for the Salesforce onboarding portal",
    text: [
      `Someone asked to reset the password of ${input.to} on the Salesforce onboarding portal.`,
      "",
      "Open this link to choose a new password:",
      input.url,
      "",
      `The link works once and expires on ${formatUtc(input.expiresAt)}. Choosing a new password signs out every other session.`,
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}
