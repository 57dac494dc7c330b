import net from "node:net";
import tls from "node:tls";

type Options = {
  // Recipients the server takes (RCPT TO); the others get "550 no such user". All by default.
  accept?: (recipient: string) => boolean;
  starttls?: { key: string; cert: string };
  // Implicit TLS from the first byte, as on port 465 (smtps://).
  implicitTls?: { key: string; cert: string };
  port?: number;
};

export type CapturedMail = { to: string; data: string };

// A scripted SMTP server on loopback: records what the client sent, answers like a real one (multi-line EHLO).
export function fakeSmtp(options: Options = {}) {
  const received: string[] = [];
  const messages: CapturedMail[] = [];
  let data = "";
  const onConnection = (plain: net.Socket) => {
    let socket: net.Socket = plain;
    let inData = false;
    let buffer = "";
    let recipient = "";
    let message = "";
    socket.on("error", () => undefined);
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
            messages.push({ to: recipient, data: message });
            message = "";
            socket.write("250 2.0.0 queued\r\n");
          } else {
            // The client doubles a leading dot (RFC 5321 §4.5.2); a server takes one off.
            const text = line.startsWith(".") ? line.slice(1) : line;
            data += `${text}\n`;
            message += `${text}\n`;
          }
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
        else if (line.startsWith("RCPT TO")) {
          recipient = /<([^>]*)>/.exec(line)?.[1] ?? "";
          socket.write((options.accept ?? (() => true))(recipient) ? "250 ok\r\n" : "550 no such user\r\n");
        } else if (line === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
        // What a real server says to a command it does not offer (STARTTLS without TLS set up, for one).
        else socket.write("502 5.5.2 command not recognized\r\n");
      }
    };
    socket.on("data", onData);
  };
  const server = options.implicitTls
    ? tls.createServer(options.implicitTls, onConnection)
    : net.createServer(onConnection);
  return new Promise<{
    url: string;
    received: string[];
    messages: CapturedMail[];
    data: () => string;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        // Without STARTTLS the portal sends only when told to in so many words.
        url: options.implicitTls
          ? `smtps://portal%40x.test:s3cret@127.0.0.1:${port}`
          : `smtp://portal%40x.test:s3cret@127.0.0.1:${port}${options.starttls ? "" : "?tls=off"}`,
        received,
        messages,
        data: () => data,
        close: () => new Promise((done) => server.close(() => done())),
      });
    }),
  );
}

type MailPart = { type: string; body: string };

// The parts of a captured message, decoded: one for a plain mail, one per alternative for multipart (text, HTML).
function mailParts(data: string): MailPart[] {
  const [head = "", ...rest] = data.split("\n\n");
  const body = rest.join("\n\n");
  const type = /^content-type:\s*([^;\s]+)/im.exec(head)?.[1]?.toLowerCase() ?? "text/plain";
  const boundary = /boundary="?([^";\s]+)"?/i.exec(head)?.[1];
  if (!type.startsWith("multipart/") || !boundary) return [{ type, body: decodeBody(head, body) }];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => mailParts(part.replace(/^\n/, "")));
}

// The text of a captured message: its text/plain part, decoded.
export function mailText(data: string): string {
  return mailParts(data).find((p) => p.type === "text/plain")?.body ?? "";
}

export function mailHtml(data: string): string {
  return mailParts(data).find((p) => p.type === "text/html")?.body ?? "";
}

function decodeBody(head: string, body: string): string {
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8");
  if (encoding !== "quoted-printable") return body.replace(/\n$/, "");
  const bytes = body
    .replace(/=\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}
