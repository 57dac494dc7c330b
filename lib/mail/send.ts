import "server-only";
import { getEnv } from "@/lib/env";
import { openMailer, type OutgoingMail } from "@/lib/mail/transport";
import { log } from "@/lib/log";

export type EmailOutcome = "sent" | "not_configured" | "failed";

export function mailConfigured(): boolean {
  const { SMTP_URL, SMTP_FROM } = getEnv();
  return Boolean(SMTP_URL && SMTP_FROM);
}

// Without SMTP the caller shows the link instead; a mail failure is logged (never the message) and reported, not thrown.
export async function sendIfConfigured(mail: OutgoingMail, what: string): Promise<EmailOutcome> {
  const { SMTP_URL, SMTP_FROM } = getEnv();
  if (!SMTP_URL || !SMTP_FROM) return "not_configured";
  const mailer = openMailer(SMTP_URL, SMTP_FROM);
  try {
    await mailer.send(mail);
    return "sent";
  } catch (error) {
    log.error({ component: "mail", what, err: mailErrorText(error) }, "email failed");
    return "failed";
  } finally {
    mailer.close();
  }
}

// nodemailer's message names the server's reply; its `response` may echo the command, so only the message is logged.
export function mailErrorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : "unknown error";
}
