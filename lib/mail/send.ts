import "server-only";
import { getEnv } from "@/lib/env";
import { sendMail } from "@/lib/mail/smtp";

export type EmailOutcome = "sent" | "not_configured" | "failed";

export function mailConfigured(): boolean {
  const { SMTP_URL, SMTP_FROM } = getEnv();
  return Boolean(SMTP_URL && SMTP_FROM);
}

// Without SMTP the caller shows the link instead; a mail failure is logged (never the message) and reported, not thrown.
export async function sendIfConfigured(
  to: string,
  compose: (from: string) => string,
  what: string,
): Promise<EmailOutcome> {
  const { SMTP_URL, SMTP_FROM } = getEnv();
  if (!SMTP_URL || !SMTP_FROM) return "not_configured";
  try {
    await sendMail(SMTP_URL, { from: SMTP_FROM, to, data: compose(SMTP_FROM) });
    return "sent";
  } catch (error) {
    console.error(`[portal] ${what} email failed:`, error instanceof Error ? error.message : "unknown error");
    return "failed";
  }
}
