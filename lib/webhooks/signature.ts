import { createHmac, randomBytes } from "node:crypto";

// The signature a receiver checks (README "Verifying a webhook"), as Stripe and GitHub do it: HMAC-SHA256 keyed with
// the endpoint's secret over `<timestamp>.<body>`, sent as `X-Portal-Signature: t=<unix seconds>,v1=<hex>`. During a
// secret rotation there is one v1 per valid secret, the new one first; a receiver accepts the message when any matches.

export const SIGNATURE_HEADER = "x-portal-signature";

/** A new signing secret: 32 random bytes, with a prefix that says what it is when it turns up in a config file. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  const signatures = secrets.map((secret) =>
    createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex"),
  );
  return [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(",");
}
