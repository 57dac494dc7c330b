import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type ReceivedWebhook = { headers: Record<string, string | string[] | undefined>; body: string };

// A webhook receiver on 127.0.0.1 (the portal runs with PORTAL_WEBHOOK_ALLOW_PRIVATE=1): it records every request
// and answers the status `answer` gives for the request's number (1 for the first).
export async function startReceiver(answer: (n: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answer(received.length);
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status < 300 ? "thanks" : "busy, try later");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/portal`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * What a receiver does with X-Portal-Signature (`t=<unix>,v1=<hex>[,v1=<hex>]`): the secrets whose
 * HMAC-SHA256 over `${t}.${body}` is among the v1 values. A request is genuine when one of the receiver's matches.
 */
export function signedWith(header: string | string[] | undefined, body: string, secrets: readonly string[]): string[] {
  if (typeof header !== "string") return [];
  const parts = header.split(",").map((p) => p.split("=", 2) as [string, string]);
  const t = parts.find(([k]) => k === "t")?.[1];
  if (!t || !/^[0-9]+$/.test(t)) return [];
  const signatures = parts.filter(([k]) => k === "v1").map(([, v]) => Buffer.from(v, "hex"));
  return secrets.filter((secret) => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest();
    return signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
  });
}
