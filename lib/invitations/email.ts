import { randomUUID } from "node:crypto";
import { formatUtc } from "@/lib/dates";
import { addressOf, sendMail } from "@/lib/invitations/smtp";

type InvitationEmail = { smtpUrl: string; from: string; to: string; tenantName: string; url: string; expiresAt: Date };

export function sendInvitationEmail(input: InvitationEmail): Promise<void> {
  return sendMail(input.smtpUrl, { from: input.from, to: input.to, data: composeInvitationEmail(input) });
}

// Headers are ASCII (RFC 2047 for the subject); the UTF-8 body is base64, so no line of it can be a lone ".".
export function composeInvitationEmail(input: Omit<InvitationEmail, "smtpUrl">): string {
  const text = [
    `You have been invited to set up the Salesforce connection for ${input.tenantName}.`,
    "",
    "Open this link to choose your password and sign in:",
    input.url,
    "",
    `The link works once and expires on ${formatUtc(input.expiresAt)}. If it has expired, ask your support contact for a new invitation.`,
  ].join("\r\n");
  const domain = addressOf(input.from).split("@")[1];
  const headers = [
    `From: ${input.from.replace(/[\r\n]/g, "")}`,
    `To: <${addressOf(input.to)}>`,
    `Subject: ${encodeHeader(`Your invitation to the Salesforce onboarding portal (${input.tenantName})`)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
  ];
  const body = Buffer.from(text, "utf8")
    .toString("base64")
    .replace(/.{1,76}/g, "$&\r\n");
  return `${headers.join("\r\n")}\r\n\r\n${body}`;
}

function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, "utf8").toString("base64")}?=`;
}
