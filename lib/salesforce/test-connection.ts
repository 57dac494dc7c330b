import { INTERNAL_ERROR, type Diagnosis } from "./errors";
import type { SalesforceEnvironment } from "./hosts";
import { OutboundError, type Resolver } from "./outbound";
import type { AudiencePair, LoginHosts } from "./pairs";
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
import type { TokenGrant } from "./token";
import { summariseRun } from "./test-summary";
import { stoppedDiagnosis, tokenStep, type TokenAttempt } from "./token-step";

export type TestStep = {
  name: StepName;
  status: StepStatus;
  message: string;
  durationMs: number;
  diagnosis?: Diagnosis;
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
export const RUN_TIMEOUT_MS = 14_000;

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
      result = { status: "failed", message: "The test hit an internal error.", diagnosis: { ...INTERNAL_ERROR } } as T;
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
    const token = await run(0, () =>
      tokenStep(
        input,
        { signal, extraOrigins: opts.extraOrigins, loginHosts: opts.loginHosts, resolve: opts.resolve, timeoutMs },
        attempts,
      ),
    );
    if (token.found) {
      grant = token.found.grant;
      extras.pair = token.found.pair;
      extras.instanceUrl = grant.instanceUrl;
    }

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
  return summariseRun(input, steps, attempts, extras, Date.now() - started);
}
