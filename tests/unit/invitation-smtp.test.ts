import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { composeInvitationEmail } from "@/lib/invitations/email";
import { parseEnv } from "@/lib/env";
import { addressOf, sendMail } from "@/lib/mail/smtp";
import { fakeSmtp, mailText } from "../support/fake-smtp";

let close: (() => Promise<void>) | undefined;
afterEach(() => close?.());

describe("invitation email over SMTP", () => {
  it("sends one message: AUTH PLAIN, envelope addresses, a base64 body holding the link", async () => {
    const server = await fakeSmtp();
    close = server.close;
    const message = composeInvitationEmail({
      from: "Portal <noreply@portal.test>",
      to: "new@customer.test",
      tenantName: "Ünïcode GmbH",
      url: "https://portal.test/invite/abc",
      expiresAt: new Date("2026-12-05T00:00:00Z"),
    });
    await sendMail(server.url, { from: "Portal <noreply@portal.test>", to: "new@customer.test", data: message });
    expect(server.received[0]).toMatch(/^EHLO /);
    expect(server.received[1]).toBe(`AUTH PLAIN ${Buffer.from("\0portal@x.test\0s3cret").toString("base64")}`);
    expect(server.received).toContain("MAIL FROM:<noreply@portal.test>");
    expect(server.received).toContain("RCPT TO:<new@customer.test>");
    expect(server.data()).toContain("Subject: =?UTF-8?B?");
    const body = mailText(server.data());
    expect(body).toContain("https://portal.test/invite/abc");
    expect(body).toContain("Ünïcode GmbH");
  });

  it("upgrades with STARTTLS when offered and only then authenticates", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "smtp-tls-"));
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "pipe" },
    );
    const pair = { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
    const server = await fakeSmtp({ starttls: pair });
    close = server.close;
    await sendMail(
      server.url,
      { from: "noreply@portal.test", to: "x@y.test", data: "Subject: x\r\n\r\nhi" },
      { ca: pair.cert },
    );
    expect(server.received.slice(0, 4).map((l) => l.split(" ")[0])).toEqual(["EHLO", "STARTTLS", "(tls)", "EHLO"]);
    expect(server.received[4]).toMatch(/^AUTH PLAIN /);
    expect(server.data()).toContain("hi");
  });

  it("fails with the server's reply when the recipient is refused", async () => {
    const server = await fakeSmtp({ accept: () => false });
    close = server.close;
    await expect(
      sendMail(server.url, { from: "noreply@portal.test", to: "x@y.test", data: "Subject: x\r\n\r\nhi" }),
    ).rejects.toThrow(/RCPT TO refused: 550/);
  });

  it("refuses addresses that could inject SMTP commands", () => {
    expect(() => addressOf("a@b.test>\r\nRCPT TO:<evil@x.test")).toThrow();
    expect(addressOf("Name <a@b.test>")).toBe("a@b.test");
  });
});

describe("SMTP without TLS", () => {
  it("refuses a server without STARTTLS unless SMTP_URL ends in ?tls=off, before any credential or address", async () => {
    const server = await fakeSmtp();
    close = server.close;
    const message = { from: "noreply@portal.test", to: "x@y.test", data: "Subject: x\r\n\r\nhi" };
    const implicit = server.url.replace("?tls=off", "");
    await expect(sendMail(implicit, message)).rejects.toThrow(/offers no STARTTLS; TLS is required/);
    expect(server.received.filter((l) => /^(AUTH|MAIL|RCPT)/.test(l))).toEqual([]);
    await sendMail(server.url, message);
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
