import { getEnv } from "@/lib/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The client's address as the audit log and per-IP limits see it. `next start` puts the socket address in
 * X-Forwarded-For only when the client sent none, so without a proxy that overwrites it (TRUSTED_PROXY_HOPS=0, the
 * default) the header is the client's own word and is ignored: null. Behind N proxies, each appending the address it
 * saw, the client is the Nth entry from the right.
 */
export function clientIp(headers: HeaderSource, hops = getEnv().TRUSTED_PROXY_HOPS): string | null {
  if (hops < 1) return null;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const entries = (value ?? "").split(",").map((entry) => entry.trim());
  const chosen = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return chosen ? chosen.slice(0, 64) : null;
}
