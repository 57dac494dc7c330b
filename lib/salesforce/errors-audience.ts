import type { Diagnosis, FixableBy } from "./errors";

// Who reads a diagnosis: the customer (their Salesforce setup) or staff (everything, including the portal's side).
// Browser-safe.
export type Audience = "customer" | "staff";

export const PROVIDER_SIDE_FIX = "Nothing to change in your Salesforce setup. You can run Test connection again later.";

export function providerSideCause(reference: string): string {
  return `This is on our side, not in your Salesforce setup; support has been notified (reference ${reference}).`;
}

// Runs stored before `fixableBy` existed: the provider-side codes of the catalogue, so old rows are read the same way.
const PROVIDER_CODES = new Set([
  "internal_error",
  "assertion_expired",
  "unsupported_grant_type",
  "timeout",
  "connection_reset",
  "tls_failure",
  "connection_refused",
  "proxy_error",
  "network_error",
]);

export function fixableByOf(code: string, stored: unknown): FixableBy {
  if (stored === "customer" || stored === "provider") return stored;
  return PROVIDER_CODES.has(code) ? "provider" : "customer";
}

/** What a customer may read of a diagnosis: a provider-side one keeps its title and says it is ours to fix. */
export function diagnosisFor(d: Diagnosis, audience: Audience, reference: string): Diagnosis {
  if (audience === "staff" || d.fixableBy !== "provider") return d;
  return {
    code: d.code,
    title: d.customerTitle ?? d.title,
    cause: providerSideCause(reference),
    fix: PROVIDER_SIDE_FIX,
    fixableBy: d.fixableBy,
    stopEarly: d.stopEarly,
    tryNextPair: d.tryNextPair,
  };
}
