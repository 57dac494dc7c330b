type HeaderSource = Headers | Record<string, string | string[] | undefined>;

// `next start` fills X-Forwarded-For with the socket address when the client sent none; behind a proxy the
// proxy's value is used. (A client talking to Next directly can pre-set the header: see README, "Audit log".)
export function clientIp(headers: HeaderSource): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const first = value?.split(",")[0]?.trim();
  return first ? first.slice(0, 64) : null;
}
