import { isBlockedAddress, isIpLiteralHost } from "@/lib/salesforce/ip-policy";
import type { Resolver } from "@/lib/salesforce/outbound";

// Where a webhook may go. The Salesforce rules (lib/salesforce/outbound.ts) without their host list: https only, no
// credentials in the URL, no IP literals, and no name that resolves to a private, loopback, link-local or metadata
// address, checked here when the URL is saved and again inside the socket's connect when it is used (no DNS
// rebinding). PORTAL_WEBHOOK_ALLOWED_HOSTS narrows the hosts further; PORTAL_WEBHOOK_ALLOW_PRIVATE=1 lifts the
// address rules (and allows http) for a receiver on the portal's own network.

export type WebhookUrlPolicy = { allowPrivate: boolean; allowedHosts: readonly string[] };

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The reason a URL is refused, in words for the form, or null when its shape is acceptable. */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | null {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return `Use a URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, e.g. https://hooks.example.com/salesforce-portal.";
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== "https:" && !(policy.allowPrivate && url.protocol === "http:"))
    return "Use an https:// URL: webhook bodies name your customers' connections.";
  if (url.username || url.password)
    return "Remove the user name and password from the URL: the signature header authenticates the portal.";
  if (url.hash) return "Remove the #fragment: it is never sent to the server.";
  if (!policy.allowPrivate && isIpLiteralHost(host))
    return "Use a host name, not an IP address (private addresses are refused; set PORTAL_WEBHOOK_ALLOW_PRIVATE=1 for a receiver on the portal's network).";
  if (policy.allowedHosts.length > 0 && !isAllowedHost(host, policy.allowedHosts))
    return `This portal sends webhooks only to ${policy.allowedHosts.join(", ")} (PORTAL_WEBHOOK_ALLOWED_HOSTS).`;
  return null;
}

function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) =>
    entry.startsWith(".") ? host.endsWith(entry) && host.length > entry.length : host === entry,
  );
}

/**
 * The DNS half of the rule, for the form: a name that resolves to a private address is refused now rather than at
 * every delivery. A name that does not resolve is refused too, unless the portal sends through a proxy (which
 * resolves names itself). Returns the reason, or null.
 */
export async function webhookHostProblem(
  url: URL,
  policy: WebhookUrlPolicy & { resolve: Resolver; viaProxy: boolean },
): Promise<string | null> {
  if (policy.allowPrivate) return null;
  let addresses: { address: string }[];
  try {
    addresses = await policy.resolve(url.hostname);
  } catch {
    return policy.viaProxy ? null : `${url.hostname} does not resolve. Check the host name.`;
  }
  const bad = addresses.find((a) => isBlockedAddress(a.address));
  return bad
    ? `${url.hostname} resolves to a private or reserved address (${bad.address}); webhooks go only to public addresses.`
    : null;
}
