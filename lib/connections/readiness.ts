// The "ready to test" rule, for the runner and both pages: a certificate, and the fields Test connection signs in with.
// Browser-safe. Each audience reads what is missing in its own words.

type ReadinessInput<C, E extends string> = {
  certificate: C | null | undefined;
  username: string | null;
  clientId: string | null;
  instanceUrl: string | null;
  environment: E | null;
};

export type Readiness<C, E extends string> =
  | { ok: true; ready: { certificate: C; username: string; clientId: string; instanceUrl: string; environment: E } }
  | { ok: false; missing: string };

const MISSING = {
  // The runner's refusal (API and the streamed route).
  runner: {
    certificate: "Generate a certificate first (step 2), then upload server.crt to your app.",
    myDomain: "Save the Instance URL, your My Domain, first (step 1).",
    fields: "Save the Username and Client ID (Consumer Key) first (step 4).",
  },
  // The customer's Test connection button.
  customer: {
    certificate: "Generate a certificate first (step 2).",
    myDomain: "Save your My Domain first (step 1).",
    fields: "Save the connection fields first (step 4).",
  },
  // The support console's Test connection button.
  staff: {
    certificate: "The customer has not generated a certificate yet.",
    myDomain: "The customer has not saved the Instance URL (My Domain) yet.",
    fields: "The customer has not saved the connection fields yet.",
  },
} as const;

export function testReadiness<C, E extends string>(
  c: ReadinessInput<C, E>,
  audience: keyof typeof MISSING,
): Readiness<C, E> {
  const { certificate, username, clientId, instanceUrl, environment } = c;
  if (!certificate) return { ok: false, missing: MISSING[audience].certificate };
  if (!instanceUrl || !environment) return { ok: false, missing: MISSING[audience].myDomain };
  if (!username || !clientId) return { ok: false, missing: MISSING[audience].fields };
  return { ok: true, ready: { certificate, username, clientId, instanceUrl, environment } };
}

// For a disabled Test connection button: what is missing, or undefined when ready.
export function missingForTest<C, E extends string>(
  c: ReadinessInput<C, E>,
  audience: keyof typeof MISSING,
): string | undefined {
  const readiness = testReadiness(c, audience);
  return readiness.ok ? undefined : readiness.missing;
}
