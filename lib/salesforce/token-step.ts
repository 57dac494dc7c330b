import type { KeyObject } from "node:crypto";
import { AssertionKeyError, loadSigningKey, signAssertion } from "./assertion";
import { diagnoseOutboundError, type Diagnosis } from "./errors";
import { isMyDomainOnlyHost, parseInstanceUrl } from "./hosts";
import { OutboundError, type Resolver } from "./outbound";
import { audiencePairs, type AudiencePair, type LoginHosts } from "./pairs";
import type { CheckResult } from "./preflight";
import type { ConnectionTestInput } from "./test-connection";
import { requestToken, type TokenGrant } from "./token";

// The token step of a connection test: the search for the (token host, audience) pair that issues a token.

export type TokenAttempt = AudiencePair & {
  ok: boolean;
  status?: number;
  /** Our catalogue code for a failed attempt. */
  code?: string;
  salesforceError?: string;
  salesforceDescription?: string;
  durationMs: number;
};

export type TokenStepContext = {
  extraOrigins?: readonly string[];
  loginHosts?: LoginHosts;
  signal: AbortSignal;
  resolve?: Resolver;
  /** What is left of the per-request limit within the run's overall limit. */
  timeoutMs: () => number;
};

/** The step's result; on success, the grant and the pair that issued it. */
type TokenStepResult = CheckResult & { found?: { grant: TokenGrant; pair: AudiencePair } };

// Failures of the transport, not of Salesforce's judgement: the host will not answer another audience either.
const TRANSPORT_CODES = new Set([
  "timeout",
  "connection_reset",
  "tls_failure",
  "dns_failure",
  "connection_refused",
  "network_error",
  "proxy_error",
]);

type Failure = { diagnosis: Diagnosis; fromMyDomain: boolean };

// Diagnoses that name the real problem outrank those that only say "this pair did not fit". What login/test say
// about the key (client identifier invalid, invalid assertion) only means the key is not known there.
function rank({ diagnosis: d, fromMyDomain }: Failure): number {
  if (d.finalOnMyDomain) return fromMyDomain ? 0 : 4;
  if (d.stopEarly || !d.tryNextPair) return 0;
  if (d.code === "user_not_approved" || d.code === "salesforce_error" || d.code === "dns_failure") return 1;
  if (d.code === "audience_invalid" || d.code === "app_not_installed") return 3;
  return 2;
}

// Stable sort: among equals, the earlier attempt (the org's own host) wins.
function bestDiagnosis(failures: Failure[]): Diagnosis | undefined {
  return [...failures].sort((a, b) => rank(a) - rank(b))[0]?.diagnosis;
}

/** Tries every audience pair in order until one issues a token; each try is pushed onto `attempts` as it ends. */
export async function tokenStep(
  input: ConnectionTestInput,
  ctx: TokenStepContext,
  attempts: TokenAttempt[],
): Promise<TokenStepResult> {
  const { signal } = ctx;
  const net = { signal, extraOrigins: ctx.extraOrigins, resolve: ctx.resolve };
  const parsed = parseInstanceUrl(input.instanceUrl, { extraOrigins: ctx.extraOrigins });
  if (!parsed.ok)
    return {
      status: "failed",
      message: parsed.message,
      diagnosis: {
        code: "invalid_instance_url",
        fixableBy: "customer",
        title: "The instance URL is not a Salesforce My Domain",
        cause: parsed.message,
        fix: parsed.suggestion ? `Use ${parsed.suggestion}.` : "Use the Current My Domain URL from Setup → My Domain.",
        checklistStep: "my-domain",
        stopEarly: true,
        tryNextPair: false,
      },
    };
  let key: KeyObject;
  try {
    key = loadSigningKey(input.privateKeyPem);
  } catch (err) {
    if (!(err instanceof AssertionKeyError)) throw err;
    return {
      status: "failed",
      message: err.message,
      diagnosis: {
        code: "invalid_private_key",
        fixableBy: "customer",
        title: "The private key cannot be used",
        cause: err.message,
        fix: "Generate a new key and certificate for this connection and upload the certificate to the app.",
        checklistStep: "upload-certificate",
        stopEarly: true,
        tryNextPair: false,
      },
    };
  }
  const failures: Failure[] = [];
  const unreachable = new Set<string>();
  const myDomain = parsed.url;
  const pairs = audiencePairs(myDomain, input.environment, {
    saved: input.savedPair ?? null,
    myDomainOnly: Boolean(input.myDomainOnly) || isMyDomainOnlyHost(parsed.host),
    loginHosts: ctx.loginHosts ?? null,
  });
  for (const pair of pairs) {
    if (signal.aborted) break;
    if (unreachable.has(pair.tokenHost)) continue;
    const t0 = Date.now();
    const assertion = await signAssertion({
      clientId: input.clientId,
      username: input.username,
      audience: pair.audience,
      key,
    });
    const res = await requestToken({ tokenHost: pair.tokenHost, assertion, timeoutMs: ctx.timeoutMs(), ...net });
    const attempt: TokenAttempt = { ...pair, ok: res.ok, durationMs: Date.now() - t0 };
    if (res.status !== undefined) attempt.status = res.status;
    if (res.ok) {
      attempts.push(attempt);
      const issued = `Token issued by ${pair.tokenHost} for audience ${pair.audience}.`;
      if (res.grant.refusedIdentityHost) {
        return {
          status: "warning",
          message: `${issued} Its identity URL points at ${res.grant.refusedIdentityHost}, which is not a Salesforce host, so the portal did not use it.`,
          found: { grant: res.grant, pair },
        };
      }
      return { status: "ok", message: issued, found: { grant: res.grant, pair } };
    }
    const d = res.diagnosis;
    attempts.push({
      ...attempt,
      code: d.code,
      ...(d.salesforceError ? { salesforceError: d.salesforceError } : {}),
      ...(d.salesforceDescription ? { salesforceDescription: d.salesforceDescription } : {}),
    });
    const fromMyDomain = pair.tokenHost === myDomain;
    failures.push({ diagnosis: d, fromMyDomain });
    if (res.status === undefined && TRANSPORT_CODES.has(d.code)) unreachable.add(pair.tokenHost);
    if (d.stopEarly || (d.finalOnMyDomain && fromMyDomain)) break;
  }
  const diagnosis = bestDiagnosis(failures);
  if (!diagnosis)
    return {
      status: "failed",
      message: "The test was stopped before any request was made.",
      diagnosis: stoppedDiagnosis(signal),
    };
  return { status: "failed", message: `${diagnosis.title}. ${diagnosis.fix}`, diagnosis };
}

/** Why a run stopped early: its own time limit (the signal's OutboundError), or the caller cancelling it. */
export function stoppedDiagnosis(signal: AbortSignal): Diagnosis {
  const reason: unknown = signal.reason;
  const message = reason instanceof OutboundError ? reason.message : "The connection test was cancelled.";
  return { ...diagnoseOutboundError(new OutboundError("timeout", message)) };
}
