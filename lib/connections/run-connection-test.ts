import "server-only";
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/permissions";
import { heldBootId } from "@/lib/db/boot-lock";
import { countRefusal } from "@/lib/metrics/registry";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { lockLimit } from "@/lib/limits/rate-limit";
import { INTERNAL_ERROR } from "@/lib/salesforce/errors";
import { runConnectionTest, type TestResult, type TestStep } from "@/lib/salesforce/test-connection";
import { findConnectionFor } from "@/lib/connections/access";
import { KeyUnavailableError } from "@/lib/connections/private-key";
import { promotePendingCertificate } from "@/lib/connections/promote-certificate";
import { destroyRetiredKeys } from "@/lib/connections/retired-keys";
import { keysToTry, testWithKeys, withRenewalNote } from "@/lib/connections/test-with-keys";
import { testReadiness } from "@/lib/connections/readiness";
import { finishRun } from "@/lib/connections/finish-test-run";
import { bundleWaitMinutes, withBundleWait } from "@/lib/connections/propagation-verdict";
import { stepWithPropagationVerdict } from "@/lib/salesforce/app-propagation";
import { expireInterruptedRuns } from "@/lib/connections/interrupted-runs";
import type { TestRunView } from "@/lib/connections/test-run-view";
import { log } from "@/lib/log";
import { trackRun } from "@/lib/shutdown/in-flight-runs";

export const RUNS_PER_TENANT_PER_HOUR = 30;
// Scheduled re-tests have a budget of their own, so the schedule never takes a customer's manual tests
// (50 connections per tenant at the 1 h interval fit).
const SCHEDULED_RUNS_PER_TENANT_PER_HOUR = 60;

/**
 * Who runs a test: a signed-in user, an API token acting for its tenant (id null, email "api-token:<name>"), or the
 * schedule (SCHEDULE_RUNNER).
 */
export type TestRunner = { id: string | null; email: string; role: Role; tenantId: string | null; scheduled?: true };

// The schedule reads every tenant's connections as support would, and is recorded as "schedule" with no role.
export const SCHEDULE_RUNNER: TestRunner = {
  id: null,
  email: "schedule",
  role: "support",
  tenantId: null,
  scheduled: true,
};
type RunInput = { user: TestRunner; connectionId: string; ip: string | null };
export type PreparedRun = { runId: string; execute: (onStep?: (step: TestStep) => void) => Promise<TestRunView> };

// Convenience for callers that need no progress: prepare and run in one go.
export async function runTestForConnection(
  input: RunInput & { onStep?: (step: TestStep) => void },
): Promise<TestRunView> {
  const prepared = await prepareTestRun(input);
  return prepared.execute(input.onStep);
}

// Checks everything the user can fix (throwing AppError) and claims the connection's single running slot.
// The returned `execute` runs the live JWT bearer flow and records every step; it never throws for Salesforce's answers.
export async function prepareTestRun({ user, connectionId, ip }: RunInput): Promise<PreparedRun> {
  const connection = await loadForTest(user, connectionId);
  const keys = keysToTry(connection.certificates);
  const readiness = testReadiness({ ...connection, certificate: keys.at(-1) }, "runner");
  if (!readiness.ok) throw new AppError("INVALID_INPUT", readiness.missing);
  // The keys travel separately (testWithKeys): the fields are what the test signs in with.
  const { username, clientId, instanceUrl, environment } = readiness.ready;
  const ready = { username, clientId, instanceUrl, environment };
  const runId = randomUUID();
  const startedAt = new Date();
  await claimRun({ runId, startedAt, user, connection });

  const savedPair =
    connection.tokenHost && connection.audience
      ? { tokenHost: connection.tokenHost, audience: connection.audience }
      : null;
  const fields = { ...ready, savedPair, myDomainOnly: connection.myDomainOnly };
  const bundleFacts = { connectionId: connection.id, tenantId: connection.tenantId, clientId, startedAt };
  const run = async (onStep?: (step: TestStep) => void): Promise<TestRunView> => {
    let result: TestResult;
    let certificateId: string | null = null;
    try {
      const { SALESFORCE_EXTRA_ALLOWED_ORIGINS: extraOrigins, SALESFORCE_TEST_LOGIN_ORIGINS: loginHosts } = getEnv();
      // Streamed steps carry the wait verdict too, so the page never shows "wrong key" before the verdict says
      // "wait" (the finished run is checked again below, in case the bundle was downloaded meanwhile).
      const wait = onStep ? await bundleWaitMinutes(bundleFacts) : null;
      const progress =
        onStep && wait !== null ? (step: TestStep) => onStep(stepWithPropagationVerdict(step, wait)) : onStep;
      // While a renewal is pending: its key first, then the active one (README "Renewing a certificate").
      const outcome = await testWithKeys(connection, keys, (privateKeyPem, totalTimeoutMs) =>
        runConnectionTest(
          { ...fields, privateKeyPem, ...(connection.apiVersion ? { apiVersion: connection.apiVersion } : {}) },
          {
            extraOrigins,
            totalTimeoutMs,
            // Test-only: local fakes stand in for login.salesforce.com and test.salesforce.com as token hosts.
            ...(loginHosts ? { loginHosts } : {}),
            // Progress goes to the caller (the streamed response); the database gets the finished run in one write.
            ...(progress ? { onStep: progress } : {}),
          },
        ),
      );
      certificateId = outcome.accepted?.id ?? null;
      const promoted =
        outcome.accepted?.status === "pending" &&
        (await promotePendingCertificate({
          tenantId: connection.tenantId,
          connectionId: connection.id,
          certificateId: outcome.accepted.id,
          actor: user,
          ip,
        }));
      // Before the renewal note, which is appended to the summary this may rewrite.
      const verdict = await withBundleWait(outcome.result, bundleFacts);
      result = withRenewalNote({ ...outcome, result: verdict }, promoted);
    } catch (error) {
      result = internalFailure(error);
    }
    return finishRun({
      runId,
      startedAt,
      connectionId: connection.id,
      tenantId: connection.tenantId,
      result,
      certificateId,
      user,
      ip,
    });
  };
  // Tracked, so a stopping process waits for the run (lib/shutdown/drain.ts).
  const execute = (onStep?: (step: TestStep) => void): Promise<TestRunView> => trackRun(runId, run(onStep));
  return { runId, execute };
}

async function loadForTest(user: TestRunner, connectionId: string) {
  const select = {
    id: true,
    tenantId: true,
    username: true,
    clientId: true,
    instanceUrl: true,
    environment: true,
    apiVersion: true,
    myDomainOnly: true,
    tokenHost: true,
    audience: true,
    certificates: {
      where: { status: { in: ["active" as const, "pending" as const] } },
      select: { id: true, status: true, encryptedPrivateKey: true },
    },
  };
  const connection = await findConnectionFor(user, "tests:run-any", connectionId, select);
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
  return connection;
}

function internalFailure(error: unknown): TestResult {
  const keyProblem = error instanceof KeyUnavailableError;
  if (!keyProblem)
    log.error(
      { component: "test-connection", err: error instanceof Error ? error.name : "unknown" },
      "connection test failed unexpectedly",
    );
  const diagnosis = keyProblem
    ? {
        code: "key_unavailable",
        // The cause is ours, but a new certificate (step 2) is a fix the customer can make at once.
        fixableBy: "customer" as const,
        title: "The stored private key cannot be decrypted",
        cause: "The portal's master key changed since this certificate was generated.",
        fix: "Generate a new certificate (step 2) and upload it to your app, or ask your administrator to restore the previous master key.",
        checklistStep: "upload-certificate" as const,
        stopEarly: true,
        tryNextPair: false,
      }
    : { ...INTERNAL_ERROR };
  const step: TestStep = { name: "token", status: "failed", message: diagnosis.title, durationMs: 0, diagnosis };
  return {
    outcome: "failed",
    summary: `Getting a token failed: ${diagnosis.title}.`,
    steps: [step],
    attempts: [],
    failedStep: "token",
    errorCode: diagnosis.code,
    diagnosis,
    durationMs: 0,
  };
}

// Counting the tenant's runs of the last hour and inserting this one happen under one per-tenant lock, so
// parallel starts (on any instance) cannot all pass the count. A refused start writes nothing.
async function claimRun(input: {
  runId: string;
  startedAt: Date;
  user: TestRunner;
  connection: { id: string; tenantId: string; apiVersion: string | null };
}): Promise<void> {
  const { runId, startedAt, user, connection } = input;
  const scheduled = user.scheduled === true;
  const limit = scheduled ? SCHEDULED_RUNS_PER_TENANT_PER_HOUR : RUNS_PER_TENANT_PER_HOUR;
  try {
    await getDb().$transaction(async (tx) => {
      await lockLimit(tx, `${scheduled ? "scheduled-runs" : "test-runs"}:${connection.tenantId}`);
      const recent = await tx.testRun.count({
        where: { tenantId: connection.tenantId, scheduled, startedAt: { gte: new Date(Date.now() - 60 * 60_000) } },
      });
      if (recent >= limit) {
        countRefusal(scheduled ? "scheduled-runs" : "test-runs");
        throw new AppError(
          "RATE_LIMITED",
          `${limit} tests ran for this organisation in the last hour. Salesforce limits logins per user per hour: wait a few minutes, then test again.`,
        );
      }
      // A run left "running" by a killed or crashed portal must not block the connection.
      await expireInterruptedRuns(tx, { connectionId: connection.id });
      // Retired keys past their 7 days go now: no scheduler is needed for them to go.
      await destroyRetiredKeys(tx, { connectionId: connection.id });
      await tx.testRun.create({
        data: {
          id: runId,
          connectionId: connection.id,
          tenantId: connection.tenantId,
          ranById: user.id,
          ranByEmail: user.email,
          ranByRole: scheduled ? null : user.role,
          scheduled,
          apiVersion: connection.apiVersion,
          startedAt,
          bootId: heldBootId(),
        },
        select: { id: true },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new AppError("CONFLICT", "A test is already running for this connection. Wait for it to finish.");
    throw error;
  }
}
