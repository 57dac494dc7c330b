import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { composeInvitationEmail } from "@/lib/invitations/email";
import { addressOf, sendMail } from "@/lib/invitations/smtp";

// A scripted SMTP server on loopback: records what the client sent, answers like a real one (multi-line EHLO).
function fakeSmtp(options: { rejectRcpt?: boolean; starttls?: { key: string; cert: string } } = {}) {
  const received: string[] = [];
  let data = "";
  const server = net.createServer((plain) => {
    let socket: net.Socket = plain;
    let inData = false;
    let buffer = "";
    socket.write("220 fake.test ESMTP\r\n");
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let i: number;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            socket.write("250 2.0.0 queued\r\n");
          } else data += `${line}\n`;
          continue;
        }
        received.push(line);
        const secure = socket !== plain;
        if (line.startsWith("EHLO"))
          socket.write(
            `250-fake.test\r\n${options.starttls && !secure ? "250-STARTTLS\r\n" : ""}250-AUTH PLAIN\r\n250 SIZE 1000000\r\n`,
          );
        else if (line === "STARTTLS" && options.starttls) {
          socket.write("220 ready to start TLS\r\n");
          plain.removeListener("data", onData);
          socket = new tls.TLSSocket(plain, { isServer: true, ...options.starttls });
          socket.on("data", onData);
          received.push("(tls)");
        } else if (line.startsWith("AUTH PLAIN")) socket.write("235 ok\r\n");
        else if (line.startsWith("MAIL FROM")) socket.write("250 ok\r\n");
        else if (line.startsWith("RCPT TO")) socket.write(options.rejectRcpt ? "550 no such user\r\n" : "250 ok\r\n");
        else if (line === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
      }
    };
    socket.on("data", onData);
  });
  return new Promise<{ url: string; received: string[]; data: () => string; close: () => void }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `smtp://portal%40x.test:s3cret@127.0.0.1:${port}`,
        received,
        data: () => data,
        close: () => server.close(),
      });
    }),
  );
}

let close: (() => void) | undefined;
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
    const body = Buffer.from(server.data().split("\n\n")[1]!.replace(/\s/g, ""), "base64").toString("utf8");
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
    const server = await fakeSmtp({ rejectRcpt: true });
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
