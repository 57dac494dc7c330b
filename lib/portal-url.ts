import "server-only";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";

// NEXTAUTH_URL is the public address (npm start always sets it); the request's host is only a fallback, for links
// that staff see before they send them (never for a link mailed to whoever typed an email address).
export async function portalBaseUrl(): Promise<string> {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return configured;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
}

// For mail sent with no request behind it (notifications): only the configured public address, or none.
export function configuredBaseUrl(): string | null {
  return getEnv().NEXTAUTH_URL?.replace(/\/+$/, "") ?? null;
}
