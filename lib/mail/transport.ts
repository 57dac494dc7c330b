import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

// SMTP through nodemailer. SMTP_URL keeps its meaning: smtps:// is implicit TLS; smtp:// requires STARTTLS unless it
// ends in ?tls=off, the only way to send credentials and links in clear text.

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };

export type Mailer = { send: (mail: OutgoingMail) => Promise<void>; close: () => void };

const TIMEOUT_MS = 15_000;
const PLAIN_ADDRESS = /^[^\s<>@,;:"()[\]\\]+@[^\s<>@,;:"()[\]\\]+$/;

// "Portal <noreply@example.com>" → noreply@example.com (SMTP_FROM may carry a display name).
function addressOf(value: string): string {
  return (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
}

function smtpOptions(smtpUrl: string, tls: { ca?: string } = {}): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const clearText = url.protocol === "smtp:" && url.searchParams.get("tls") === "off";
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    requireTLS: !secure && !clearText,
    ignoreTLS: clearText,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    // `ca` is for tests (a self-signed server); in production the system's trust store decides.
    tls: tls.ca ? { ca: tls.ca } : undefined,
    // Never log: the transcript would hold the AUTH line and every link.
    logger: false,
    debug: false,
  };
}

// One connection for a batch (a notification goes to several people); the caller closes it.
export function openMailer(smtpUrl: string, from: string, tls: { ca?: string } = {}): Mailer {
  const transport = nodemailer.createTransport({ ...smtpOptions(smtpUrl, tls), pool: true, maxConnections: 1 });
  return {
    async send(mail) {
      // nodemailer reads `to` as an address list ("a@b>, evil@x" is two people): a recipient here is one plain
      // address, and it alone is the envelope.
      if (!PLAIN_ADDRESS.test(mail.to)) throw new Error("Refused a recipient that is not one plain email address");
      await transport.sendMail({ from, ...mail, envelope: { from: addressOf(from), to: [mail.to] } });
    },
    close: () => transport.close(),
  };
}
