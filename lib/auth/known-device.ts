import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";

// A browser that signed in as an email before may pass that account's overall limit (not its per-address ones),
// so guessing from many addresses cannot keep the owner out of their usual browser.
const COOKIE = "portal-known-device";
const MAX_AGE_SECONDS = 90 * 24 * 60 * 60;

// The proof is an HMAC of the email under the session secret: it says nothing, and cannot be made for another email.
function proof(email: string): string {
  return createHmac("sha256", getEnv().NEXTAUTH_SECRET).update(`known-device:${email}`).digest("base64url");
}

export function isKnownDevice(cookieHeader: string | undefined, email: string): boolean {
  const prefix = `${COOKIE}=`;
  const value = cookieHeader
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix))
    ?.slice(prefix.length);
  if (!value) return false;
  const given = Buffer.from(value);
  const expected = Buffer.from(proof(email));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function rememberDevice(email: string): Promise<void> {
  const store = await Promise.resolve()
    .then(() => cookies())
    .catch(() => null);
  // Outside a request (the CLI, tests calling the check directly) there is no browser to remember.
  if (!store) return;
  store.set(COOKIE, proof(email), {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().NEXTAUTH_URL?.startsWith("https:") ?? false,
    maxAge: MAX_AGE_SECONDS,
    path: "/",
  });
}
