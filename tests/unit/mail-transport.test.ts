import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { composeInvitationEmail } from "@/lib/invitations/email";
import { parseEnv } from "@/lib/env";
import { openMailer } from "@/lib/mail/transport";
import { fakeSmtp, mailText } from "../support/fake-smtp";

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

const FROM = "Portal <noreply@portal.test>";

async function send(url: string, mail: Parameters<ReturnType<typeof openMailer>["send"]>[0], ca?: string) {
  const mailer = openMailer(url, FROM, { ca });
  try {
    await mailer.send(mail);
  } finally {
    mailer.close();
  }
}

function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "smtp-tls-"));
  const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  const subject = ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"];
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", ...subject],
    { stdio: "pipe" },
  );
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

describe("mail over SMTP (nodemailer)", () => {
  it("sends one message: AUTH PLAIN, envelope addresses, a body holding the link", async () => {
    const server = await fakeSmtp();
    close = server.close;
    const mail = composeInvitationEmail({
      to: "new@customer.test",
      tenantName: "Ünïcode GmbH",
      url: "https://portal.test/invite/abc",
      expiresAt: new Date("2026-12-05T00:00:00Z"),
    });
    await send(server.url, mail);
    expect(server.received[0]).toMatch(/^EHLO /);
    expect(server.received[1]).toBe(`AUTH PLAIN ${Buffer.from("\0portal@x.test\0s3cret").toString("base64")}`);
    expect(server.received).toContain("MAIL FROM:<noreply@portal.test>");
    expect(server.received).toContain("RCPT TO:<new@customer.test>");
    expect(server.data()).toMatch(/^Subject: =\?UTF-8\?/m);
    const body = mailText(server.data());
    expect(body).toContain("https://portal.test/invite/abc");
    expect(body).toContain("Ünïcode GmbH");
  });

  it("upgrades with STARTTLS when offered and only then authenticates", async () => {
    const pair = selfSigned();
    const server = await fakeSmtp({ starttls: pair });
    close = server.close;
    await send(server.url, { to: "x@y.test", subject: "x", text: "hi" }, pair.cert);
    expect(server.received.slice(0, 4).map((l) => l.split(" ")[0])).toEqual(["EHLO", "STARTTLS", "(tls)", "EHLO"]);
    expect(server.received[4]).toMatch(/^AUTH PLAIN /);
    expect(mailText(server.data())).toBe("hi");
  });

  it("speaks TLS from the first byte on smtps://, and refuses a certificate it does not trust", async () => {
    const pair = selfSigned();
    const server = await fakeSmtp({ implicitTls: pair });
    close = server.close;
    await expect(send(server.url, { to: "x@y.test", subject: "x", text: "hi" })).rejects.toThrow(/certificate/i);
    expect(server.received).toEqual([]);
    await send(server.url, { to: "x@y.test", subject: "x", text: "hi" }, pair.cert);
    expect(server.received[0]).toMatch(/^EHLO /);
    expect(server.received).not.toContain("STARTTLS");
    expect(mailText(server.data())).toBe("hi");
  });

  it("fails with the server's reply when the recipient is refused", async () => {
    const server = await fakeSmtp({ accept: () => false });
    close = server.close;
    await expect(send(server.url, { to: "x@y.test", subject: "x", text: "hi" })).rejects.toThrow(/550/);
  });

  it("cannot be made to add a header or a recipient through the subject or the address", async () => {
    const server = await fakeSmtp();
    close = server.close;
    const subject = "Hello\r\nBcc: evil@x.test\r\n\r\nforged body";
    await send(server.url, { to: "a@b.test", subject, text: "hi" });
    expect(server.received.filter((l) => l.startsWith("RCPT"))).toEqual(["RCPT TO:<a@b.test>"]);
    expect(server.data()).not.toMatch(/^Bcc:/m);
    await expect(
      send(server.url, { to: "a@b.test>\r\nRCPT TO:<evil@x.test", subject: "x", text: "hi" }),
    ).rejects.toThrow();
    expect(server.received.filter((l) => l.includes("evil@x.test"))).toEqual([]);
  });
});

describe("SMTP without TLS", () => {
  it("refuses a server without STARTTLS unless SMTP_URL ends in ?tls=off, before any credential or address", async () => {
    const server = await fakeSmtp();
    close = server.close;
    const mail = { to: "x@y.test", subject: "x", text: "hi" };
    await expect(send(server.url.replace("?tls=off", ""), mail)).rejects.toThrow(/TLS/);
    expect(server.received.filter((l) => /^(AUTH|MAIL|RCPT)/.test(l))).toEqual([]);
    await send(server.url, mail);
    expect(server.messages.map((m) => m.to)).toEqual(["x@y.test"]);
  });

  it("accepts only ?tls=off, and only on smtp://, as the explicit opt-out", () => {
    const base = { DATABASE_URL: "postgresql://x@h/db", PORTAL_MASTER_KEY: Buffer.alloc(32).toString("base64") };
    const env = (SMTP_URL: string) => ({ ...base, NEXTAUTH_SECRET: "s".repeat(32), SMTP_URL });
    expect(() => parseEnv(env("smtp://mail.test:25?tls=off"))).not.toThrow();
    expect(() => parseEnv(env("smtp://mail.test:587"))).not.toThrow();
    expect(() => parseEnv(env("smtp://mail.test:25?tls=no"))).toThrow(/SMTP_URL: accepts one option/);
    expect(() => parseEnv(env("smtps://mail.test:465?tls=off"))).toThrow(/SMTP_URL/);
  });
});
