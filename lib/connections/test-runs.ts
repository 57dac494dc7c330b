import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { hasPermission } from "@/lib/auth/permissions";
import { open, privateKeyAad } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isExtraOrigin } from "@/lib/salesforce/hosts";
import { runConnectionTest, type TestResult, type TestStep } from "@/lib/salesforce/test-connection";
import { testRunSelect, toTestRunView, type TestRunView } from "@/lib/connections/test-run-view";

export const RUNS_PER_TENANT_PER_HOUR = 30;
const STALE_RUN_MS = 2 * 60_000;

type RunInput = { user: SessionUser; connectionId: string; ip: string | null };
export type PreparedRun = { runId: string; execute: (onStep?: (step: TestStep) => void) => Promise<TestRunView> };

// Convenience for callers that need no progress: prepare and run in one go.
export async function runTestForConnection(input: RunInput & { onStep?: (step: TestStep) => void }): Promise<TestRunView> {
  const prepared = await prepareTestRun(input);
  return prepared.execute(input.onStep);
}

// Checks everything the user can fix (throwing AppError) and claims the connection's single running slot.
// The returned `execute` runs the live JWT bearer flow and records every step; it never throws for Salesforce's answers.
export async function prepareTestRun({ user, connectionId, ip }: RunInput): Promise<PreparedRun> {
  const connection = await loadForTest(user, connectionId);
  const certificate = connection.certificates[0];
  if (!certificate) throw new AppError("INVALID_INPUT", "Generate a certificate first (step 1), then upload server.crt to your app.");
  if (!connection.username || !connection.clientId || !connection.instanceUrl || !connection.environment) {
    throw new AppError("INVALID_INPUT", "Save the Username, Client ID (Consumer Key) and Instance URL first (step 3).");
  }
  const db = getDb();
  const hourAgo = new Date(Date.now() - 60 * 60_000);
  const recent = await db.testRun.count({ where: { tenantId: connection.tenantId, startedAt: { gte: hourAgo } } });
  if (recent >= RUNS_PER_TENANT_PER_HOUR) {
    throw new AppError("RATE_LIMITED", `${RUNS_PER_TENANT_PER_HOUR} tests ran for this organisation in the last hour. Salesforce limits logins per user per hour: wait a few minutes, then test again.`);
  }
  // A run left "running" by a crashed server must not block the connection forever.
  await db.testRun.updateMany({
    where: { connectionId: connection.id, outcome: "running", startedAt: { lt: new Date(Date.now() - STALE_RUN_MS) } },
    data: { outcome: "failed", errorCode: "interrupted", summary: "The portal stopped before this test finished.", finishedAt: new Date() },
  });
  const runId = randomUUID();
  try {
    await db.testRun.create({
      data: { id: runId, connectionId: connection.id, tenantId: connection.tenantId, ranById: user.id, ranByEmail: user.email, ranByRole: user.role, apiVersion: connection.apiVersion },
      select: { id: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "A test is already running for this connection. Wait for it to finish.");
    throw error;
  }

  const fields = { instanceUrl: connection.instanceUrl, environment: connection.environment, clientId: connection.clientId, username: connection.username };
  const execute = async (onStep?: (step: TestStep) => void): Promise<TestRunView> => {
    let result: TestResult;
    try {
      const privateKeyPem = decryptKey(certificate.encryptedPrivateKey, connection.id, certificate.id);
      const { SALESFORCE_EXTRA_ALLOWED_ORIGINS: extraOrigins } = getEnv();
      // A local fake Salesforce (test opt-in) stands in for login and test as well as the My Domain.
      const fake = isExtraOrigin(new URL(fields.instanceUrl), extraOrigins) ? new URL(fields.instanceUrl).origin : null;
      let saving = Promise.resolve();
      result = await runConnectionTest(
        { ...fields, privateKeyPem, ...(connection.apiVersion ? { apiVersion: connection.apiVersion } : {}) },
        {
          extraOrigins,
          ...(fake ? { loginHosts: { login: fake, test: fake } } : {}),
          onStep: (step) => {
            onStep?.(step);
            const steps = JSON.parse(JSON.stringify(step));
            saving = saving.then(() => saveProgress(runId, steps)).catch(() => undefined);
          },
        },
      );
      await saving;
    } catch (error) {
      result = internalFailure(error);
    }
    return finishRun({ runId, connectionId: connection.id, tenantId: connection.tenantId, result, user, ip });
  };
  return { runId, execute };
}

async function loadForTest(user: SessionUser, connectionId: string) {
  if (!isUuid(connectionId)) throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
  const select = {
    id: true, tenantId: true, username: true, clientId: true, instanceUrl: true, environment: true, apiVersion: true,
    certificates: { orderBy: { createdAt: "desc" as const }, take: 1, select: { id: true, encryptedPrivateKey: true } },
  };
  const db = getDb();
  const connection = hasPermission(user.role, "tests:run-any")
    ? await db.connection.findUnique({ where: { id: connectionId }, select })
    : user.tenantId
      ? await forTenant(db, user.tenantId).connection.findFirst({ where: { id: connectionId }, select })
      : null;
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
  return connection;
}

// The key exists in plaintext only in this process's memory, for this run.
function decryptKey(envelope: string, connectionId: string, certificateId: string): string {
  try {
    return open(envelope, privateKeyAad(connectionId, certificateId), getMasterKeys().all).toString("utf8");
  } catch {
    throw new KeyUnavailableError();
  }
}

class KeyUnavailableError extends Error {}

async function saveProgress(runId: string, step: TestStep): Promise<void> {
  const db = getDb();
  const run = await db.testRun.findUnique({ where: { id: runId }, select: { steps: true } });
  const steps = (Array.isArray(run?.steps) ? run.steps : []) as TestStep[];
  const next = [...steps.filter((s) => s.name !== step.name), step];
  await db.testRun.update({ where: { id: runId, outcome: "running" }, data: { steps: next as object[] }, select: { id: true } });
}

function internalFailure(error: unknown): TestResult {
  const keyProblem = error instanceof KeyUnavailableError;
  if (!keyProblem) console.error("[portal] connection test failed unexpectedly:", error instanceof Error ? error.name : "unknown");
  const diagnosis = keyProblem
    ? { code: "key_unavailable", title: "The stored private key cannot be decrypted", cause: "The portal's master key changed since this certificate was generated.", fix: "Generate a new certificate (step 1) and upload it to your app, or ask your administrator to restore the previous master key.", checklistStep: "upload-certificate" as const, stopEarly: true, tryNextPair: false }
    : { code: "internal_error", title: "The portal hit an internal error", cause: "An unexpected error occurred while testing.", fix: "Try again; if it persists, contact support.", stopEarly: true, tryNextPair: false };
  const step: TestStep = { name: "token", status: "failed", message: diagnosis.title, durationMs: 0, diagnosis };
  return { outcome: "failed", summary: `Getting a token failed: ${diagnosis.title}.`, steps: [step], attempts: [], failedStep: "token", errorCode: diagnosis.code, diagnosis, durationMs: 0 };
}

async function finishRun(input: { runId: string; connectionId: string; tenantId: string; result: TestResult; user: SessionUser; ip: string | null }): Promise<TestRunView> {
  const { result } = input;
  const finishedAt = new Date();
  const db = getDb();
  const run = await db.$transaction(async (tx) => {
    const saved = await tx.testRun.update({
      where: { id: input.runId },
      data: {
        outcome: result.outcome,
        failedStep: result.failedStep ?? null,
        errorCode: result.errorCode ?? null,
        summary: result.summary,
        steps: JSON.parse(JSON.stringify(result.steps)),
        attempts: JSON.parse(JSON.stringify(result.attempts)),
        tokenHost: result.pair?.tokenHost ?? null,
        audience: result.pair?.audience ?? null,
        apiVersion: result.apiVersion ?? null,
        finishedAt,
        durationMs: result.durationMs,
      },
      select: testRunSelect,
    });
    await tx.connection.update({
      where: { id: input.connectionId },
      data: {
        status: result.outcome,
        lastTestedAt: finishedAt,
        lastTestRunId: input.runId,
        ...(result.pair ? { tokenHost: result.pair.tokenHost, audience: result.pair.audience } : {}),
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "test.run",
      actor: { id: input.user.id, email: input.user.email },
      tenantId: input.tenantId,
      targetType: "test_run",
      targetId: input.runId,
      ip: input.ip,
      details: { connectionId: input.connectionId, outcome: result.outcome, errorCode: result.errorCode ?? null, asStaff: input.user.role !== "customer" },
    });
    return saved;
  });
  return toTestRunView(run);
}
