import { getEnv } from "@/lib/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The client's address as the audit log and per-IP limits see it.
 * - TRUSTED_PROXY_HOPS=0 (the default, no proxy in front): the TCP peer, which scripts/server.mjs puts in
 *   `x-portal-peer` over anything a client sent under that name. X-Forwarded-For is the client's own word: ignored.
 * - N ≥ 1: behind N proxies, each appending the address it saw, the client is the Nth entry from the right of
 *   X-Forwarded-For (entries further left were written by the client and are ignored).
 * Null when there is none (e.g. a server started some other way than scripts/start.ts, with the default).
 */
export function clientIp(headers: HeaderSource, hops = getEnv().TRUSTED_PROXY_HOPS): string | null {
  if (hops < 1) return header(headers, "x-portal-peer")?.trim().slice(0, 64) || null;
  const entries = (header(headers, "x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  const chosen = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return chosen ? chosen.slice(0, 64) : null;
}

function header(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(raw) ? raw.join(",") : raw) ?? undefined;
}
