import net from "node:net";
import os from "node:os";
import tls from "node:tls";

// A minimal SMTP client for the messages the portal sends (invitation and password reset links). The house rule is no new
// dependency, and a mail library would be the largest one in the tree for ~100 lines of protocol: EHLO, STARTTLS
// (required unless SMTP_URL ends in ?tls=off), AUTH PLAIN, MAIL/RCPT/DATA, QUIT. smtps:// is implicit TLS.

export type MailMessage = { from: string; to: string; data: string };

const TIMEOUT_MS = 15_000;

type Reply = { code: number; lines: string[] };

class ReplyReader {
  private buffer = "";
  private lines: string[] = [];
  private replies: Reply[] = [];
  private waiting: ((reply: Reply) => void) | null = null;

  attach(socket: net.Socket): void {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.push(chunk));
  }

  private push(chunk: string): void {
    this.buffer += chunk;
    let index: number;
    while ((index = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, "");
      this.buffer = this.buffer.slice(index + 1);
      this.lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        this.replies.push({ code: Number(line.slice(0, 3)), lines: this.lines.map((l) => l.slice(4)) });
        this.lines = [];
      }
    }
    if (this.waiting && this.replies.length > 0) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(this.replies.shift()!);
    }
  }

  next(): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

// `ca` is for tests (a self-signed server); in production the system's trust store decides.
export async function sendMail(smtpUrl: string, message: MailMessage, options: { ca?: string } = {}): Promise<void> {
  const url = new URL(smtpUrl);
  const implicitTls = url.protocol === "smtps:";
  const plainAllowed = smtpTlsOff(url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (implicitTls ? 465 : 587));
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  // SNI takes host names only (RFC 6066); certificates for an IP are still checked against it.
  const servername = net.isIP(host) ? undefined : host;

  let socket: net.Socket = implicitTls
    ? tls.connect({ host, port, servername, ca: options.ca })
    : net.connect({ host, port });
  let secure = implicitTls;
  let reader = new ReplyReader();
  reader.attach(socket);
  const timer = setTimeout(() => socket.destroy(new Error(`SMTP server ${host}:${port} timed out`)), TIMEOUT_MS);
  let failed = failureOf(socket);

  const expect = async (codes: number[], what: string): Promise<Reply> => {
    const reply = await Promise.race([reader.next(), failed]);
    if (!codes.includes(reply.code))
      throw new Error(`SMTP ${what} refused: ${reply.code} ${reply.lines.join(" ").slice(0, 200)}`);
    return reply;
  };
  const command = (line: string, codes: number[], what = line.split(" ")[0]!): Promise<Reply> => {
    socket.write(`${line}\r\n`);
    return expect(codes, what);
  };

  try {
    await expect([220], "greeting");
    const helo = `EHLO ${os.hostname().replace(/[^A-Za-z0-9.-]/g, "") || "localhost"}`;
    let features = (await command(helo, [250])).lines;
    const offersStarttls = features.some((f) => /^STARTTLS\b/i.test(f));
    if (!secure && !offersStarttls && !plainAllowed)
      throw new Error(
        `SMTP server ${host}:${port} offers no STARTTLS; TLS is required (use smtps://, or add ?tls=off to SMTP_URL to send in clear text)`,
      );
    if (!secure && offersStarttls && !plainAllowed) {
      await command("STARTTLS", [220]);
      socket.removeAllListeners("data");
      socket = tls.connect({ socket, host, servername, ca: options.ca });
      failed = failureOf(socket);
      reader = new ReplyReader();
      reader.attach(socket);
      await Promise.race([new Promise((resolve) => socket.once("secureConnect", resolve)), failed]);
      secure = true;
      features = (await command(helo, [250])).lines;
    }
    if (user) {
      const plain = Buffer.from(`\0${user}\0${password}`, "utf8").toString("base64");
      await command(`AUTH PLAIN ${plain}`, [235], "AUTH");
    }
    await command(`MAIL FROM:<${addressOf(message.from)}>`, [250], "MAIL FROM");
    await command(`RCPT TO:<${addressOf(message.to)}>`, [250, 251], "RCPT TO");
    await command("DATA", [354]);
    const body = message.data.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
    await command(`${body}\r\n.`, [250], "message");
    socket.write("QUIT\r\n");
  } finally {
    clearTimeout(timer);
    socket.end();
  }
}

// Clear text only when SMTP_URL asks for it in so many words: smtp://host:25?tls=off.
function smtpTlsOff(url: URL): boolean {
  return url.protocol === "smtp:" && url.searchParams.get("tls") === "off";
}

// Rejects when the socket fails or closes early; marked handled so a failure nobody awaits cannot crash the process.
function failureOf(socket: net.Socket): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("SMTP connection closed")));
  });
  failed.catch(() => undefined);
  return failed;
}

// "Portal <noreply@example.com>" → noreply@example.com; refuses anything that could smuggle a command.
export function addressOf(value: string): string {
  const address = (/<([^<>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(address)) throw new Error("Invalid email address for SMTP");
  return address;
}
