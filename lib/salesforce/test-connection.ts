import { AssertionKeyError, loadSigningKey, signAssertion } from "./assertion";
import { diagnoseOutboundError, type Diagnosis } from "./errors";
import { isMyDomainOnlyHost, parseInstanceUrl, type SalesforceEnvironment } from "./hosts";
import { OutboundError, type Resolver } from "./outbound";
import { audiencePairs, type AudiencePair, type LoginHosts } from "./pairs";
import {
  checkApiVersion,
  checkCollectorData,
  checkIdentity,
  checkLimits,
  type CheckResult,
  type CollectorReadiness,
  type Identity,
  type LimitsInfo,
  type RestContext,
} from "./preflight";
import { TEST_STEP_LABELS, type StepName, type StepStatus } from "./test-steps";
import { requestToken, type TokenGrant } from "./token";

export type TestStep = {
  name: StepName;
  status: StepStatus;
  message: string;
  durationMs: number;
  diagnosis?: Diagnosis;
};

export type TokenAttempt = AudiencePair & {
  ok: boolean;
  status?: number;
  /** Our catalogue code for a failed attempt. */
  code?: string;
  salesforceError?: string;
  salesforceDescription?: string;
  durationMs: number;
};

export type ConnectionTestInput = {
  instanceUrl: string;
  environment: SalesforceEnvironment;
  clientId: string;
  username: string;
  apiVersion?: string;
  privateKeyPem: string;
  /** The pair that worked last time: tried first. */
  savedPair?: AudiencePair | null;
  /** The customer marked the org "Gov Cloud / no login.salesforce.com": only My Domain pairs. */
  myDomainOnly?: boolean;
};

/** Per request and per run: a hanging Salesforce must not hold a run longer than this (issue: every run ≤ 15 s). */
const PER_REQUEST_TIMEOUT_MS = 7_000;
const RUN_TIMEOUT_MS = 14_000;

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

export type ConnectionTestOptions = {
  extraOrigins?: readonly string[];
  loginHosts?: LoginHosts;
  onStep?: (step: TestStep) => void;
  signal?: AbortSignal;
  perRequestTimeoutMs?: number;
  totalTimeoutMs?: number;
  resolve?: Resolver;
};

export type TestResult = {
  outcome: "connected" | "warnings" | "failed";
  summary: string;
  steps: TestStep[];
  attempts: TokenAttempt[];
  failedStep?: StepName;
  errorCode?: string;
  diagnosis?: Diagnosis;
  /** The (token host, audience) pair that worked: configure the collector with it. */
  pair?: AudiencePair;
  apiVersion?: string;
  /** instance_url from the token answer (allowlisted). */
  instanceUrl?: string;
  identity?: Identity;
  limits?: LimitsInfo;
  /** What the collector will read: event log types and intervals, LoginEvent (feeds its configuration). */
  collector?: CollectorReadiness;
  durationMs: number;
};

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

/** Tries every audience pair, then the preflight checks, within a hard overall time limit. */
export async function runConnectionTest(
  input: ConnectionTestInput,
  opts: ConnectionTestOptions = {},
): Promise<TestResult> {
  const started = Date.now();
  const perRequest = opts.perRequestTimeoutMs ?? PER_REQUEST_TIMEOUT_MS;
  const total = opts.totalTimeoutMs ?? RUN_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(new OutboundError("timeout", `The connection test stopped after its ${total / 1000} s limit.`)),
    total,
  );
  const signal = opts.signal ? AbortSignal.any([controller.signal, opts.signal]) : controller.signal;
  const timeoutMs = () => Math.max(1, Math.min(perRequest, total - (Date.now() - started)));
  const net = { signal, extraOrigins: opts.extraOrigins, resolve: opts.resolve };

  const steps: TestStep[] = (["token", "version", "identity", "event_logs"] as const).map((name) => ({
    name,
    status: "skipped",
    message: "Not run.",
    durationMs: 0,
  }));
  const emit = (step: TestStep) => {
    try {
      opts.onStep?.({ ...step });
    } catch {
      // A broken progress listener must not break the test itself.
    }
  };
  const run = async <T extends CheckResult>(index: number, fn: () => Promise<T>): Promise<T> => {
    const step = steps[index] as TestStep;
    const t0 = Date.now();
    emit(Object.assign(step, { status: "running", message: `${TEST_STEP_LABELS[step.name].progress}…` }));
    let result: T;
    try {
      result = await fn();
    } catch {
      // A bug must still produce a result the UI can show; the error text may be unsafe to display.
      result = {
        status: "failed",
        message: "The test hit an internal error.",
        diagnosis: {
          code: "internal_error",
          title: "The portal hit an internal error",
          cause: "An unexpected error occurred while testing.",
          fix: "Try again; if it persists, contact support.",
          stopEarly: true,
          tryNextPair: false,
        },
      } as T;
    }
    Object.assign(step, { status: result.status, message: result.message, durationMs: Date.now() - t0 });
    if (result.diagnosis) step.diagnosis = result.diagnosis;
    emit(step);
    return result;
  };

  const attempts: TokenAttempt[] = [];
  const extras: Partial<TestResult> = {};
  let grant: TokenGrant | undefined;
  try {
    await run(0, async (): Promise<CheckResult> => {
      const parsed = parseInstanceUrl(input.instanceUrl, { extraOrigins: opts.extraOrigins });
      if (!parsed.ok)
        return {
          status: "failed",
          message: parsed.message,
          diagnosis: {
            code: "invalid_instance_url",
            title: "The instance URL is not a Salesforce My Domain",
            cause: parsed.message,
            fix: parsed.suggestion
              ? `Use ${parsed.suggestion}.`
              : "Use the Current My Domain URL from Setup → My Domain.",
            checklistStep: "my-domain",
            stopEarly: true,
            tryNextPair: false,
          },
        };
      try {
        loadSigningKey(input.privateKeyPem);
      } catch (err) {
        if (!(err instanceof AssertionKeyError)) throw err;
        return {
          status: "failed",
          message: err.message,
          diagnosis: {
            code: "invalid_private_key",
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
        loginHosts: opts.loginHosts ?? null,
      });
      for (const pair of pairs) {
        if (signal.aborted) break;
        if (unreachable.has(pair.tokenHost)) continue;
        const t0 = Date.now();
        const assertion = await signAssertion({
          clientId: input.clientId,
          username: input.username,
          audience: pair.audience,
          privateKeyPem: input.privateKeyPem,
        });
        const res = await requestToken({ tokenHost: pair.tokenHost, assertion, timeoutMs: timeoutMs(), ...net });
        const attempt: TokenAttempt = { ...pair, ok: res.ok, durationMs: Date.now() - t0 };
        if (res.status !== undefined) attempt.status = res.status;
        if (res.ok) {
          attempts.push(attempt);
          grant = res.grant;
          extras.pair = pair;
          extras.instanceUrl = res.grant.instanceUrl;
          const issued = `Token issued by ${pair.tokenHost} for audience ${pair.audience}.`;
          if (res.grant.refusedIdentityHost) {
            return {
              status: "warning",
              message: `${issued} Its identity URL points at ${res.grant.refusedIdentityHost}, which is not a Salesforce host, so the portal did not use it.`,
            };
          }
          return { status: "ok", message: issued };
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
    });

    if (grant) {
      const ctx = (): RestContext => ({
        instanceUrl: (grant as TokenGrant).instanceUrl,
        accessToken: (grant as TokenGrant).accessToken,
        timeoutMs: timeoutMs(),
        ...net,
      });
      const version = await run(1, () => checkApiVersion(ctx(), input.apiVersion));
      if (version.apiVersion) extras.apiVersion = version.apiVersion;
      const apiVersion = version.apiVersion;
      if (!signal.aborted) {
        const { identityUrl } = grant;
        const identity = await run(2, () =>
          checkIdentity(ctx(), input.username, {
            ...(identityUrl ? { identityUrl } : {}),
            ...(apiVersion ? { apiVersion } : {}),
          }),
        );
        if (identity.identity) extras.identity = identity.identity;
      }
      if (apiVersion && !signal.aborted) {
        // The limits are informational: fetched beside the collector checks, not after them.
        const [data, limits] = await Promise.all([
          run(3, () => checkCollectorData(ctx(), apiVersion)),
          checkLimits(ctx(), apiVersion),
        ]);
        if (data.collector) extras.collector = data.collector;
        if (!signal.aborted) extras.limits = limits;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  // A check that never ran because time ran out must not read as a pass.
  if (grant && signal.aborted) {
    for (const step of steps.filter((s) => s.status === "skipped")) {
      Object.assign(step, {
        status: "failed",
        message: "Not run: the time limit was reached.",
        diagnosis: stoppedDiagnosis(signal),
      });
      emit(step);
    }
  }
  return finish(input, steps, attempts, extras, Date.now() - started);
}

function stoppedDiagnosis(signal: AbortSignal): Diagnosis {
  const reason: unknown = signal.reason;
  const message = reason instanceof OutboundError ? reason.message : "The connection test was cancelled.";
  return { ...diagnoseOutboundError(new OutboundError("timeout", message)) };
}

function finish(
  input: ConnectionTestInput,
  steps: TestStep[],
  attempts: TokenAttempt[],
  extras: Partial<TestResult>,
  durationMs: number,
): TestResult {
  const base = { steps, attempts, durationMs, ...extras };
  const failedStep = steps.find((s) => s.status === "failed");
  if (failedStep) {
    const code = failedStep.diagnosis?.code;
    return {
      ...base,
      outcome: "failed",
      failedStep: failedStep.name,
      ...(code ? { errorCode: code } : {}),
      ...(failedStep.diagnosis ? { diagnosis: failedStep.diagnosis } : {}),
      summary: `${TEST_STEP_LABELS[failedStep.name].progress} failed: ${failedStep.message}`,
    };
  }
  const via = extras.pair ? ` via ${extras.pair.tokenHost} (audience ${extras.pair.audience})` : "";
  const warnings = steps.filter((s) => s.status === "warning");
  if (warnings.length > 0) {
    return {
      ...base,
      outcome: "warnings",
      summary: `Connected as ${input.username}${via}, with warnings: ${warnings.map((s) => s.message).join(" ")}`,
    };
  }
  return {
    ...base,
    outcome: "connected",
    summary: `Connected as ${input.username}${via}; API version ${extras.apiVersion ?? "unknown"}.`,
  };
}
