import { formatUtc } from "@/lib/dates";
import type { OutgoingMail } from "@/lib/mail/transport";

type InvitationEmail = { to: string; tenantName: string; url: string; expiresAt: Date };

export function composeInvitationEmail(input: InvitationEmail): OutgoingMail {
  return {
    to: input.to,
    subject: `Your invitation to the Salesforce onboarding portal (${input.tenantName})`,
    text: [
      `You have been invited to set up the Salesforce connection for ${input.tenantName}.`,
      "",
      "Open this link to choose your password and sign in:",
      input.url,
      "",
      `The link works once and expires on ${formatUtc(input.expiresAt)}. If it has expired, ask your support contact for a new invitation.`,
    ].join("\n"),
  };
}
