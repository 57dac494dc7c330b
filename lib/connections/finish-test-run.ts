import "server-only";
import { auditData } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import type { TestResult } from "@/lib/salesforce/test-connection";
import { toTestRunView, type TestRunView } from "@/lib/connections/test-run-view";
import type { TestRunner } from "@/lib/connections/run-connection-test";

type FinishInput = {
  runId: string;
  startedAt: Date;
  connectionId: string;
  tenantId: string;
  result: TestResult;
  // The certificate whose key Salesforce accepted (null: none did).
  certificateId?: string | null;
  user: TestRunner;
  ip: string | null;
};

// The run as its runner may read it: a customer's view never holds a provider-side fix.
// One statement (three data-modifying CTEs): the run, the connection's status and the audit entry land together
// or not at all, in a single round trip (this is on the hot path the Test connection benchmark measures).
// A run another process took for interrupted (lib/connections/interrupted-runs.ts) that did finish: the truth wins.
export async function finishRun(input: FinishInput): Promise<TestRunView> {
  const { result, user } = input;
  const finishedAt = new Date();
  // The run's columns as written, and so as returned.
  const written = {
    outcome: result.outcome,
    failedStep: result.failedStep ?? null,
    errorCode: result.errorCode ?? null,
    summary: result.summary,
    tokenHost: result.pair?.tokenHost ?? null,
    audience: result.pair?.audience ?? null,
    apiVersion: result.apiVersion ?? null,
    collector: result.collector ?? null,
  };
  const { tokenHost, audience } = written;
  const steps = JSON.stringify(result.steps);
  const attempts = JSON.stringify(result.attempts);
  const collector = written.collector ? JSON.stringify(written.collector) : null;
  const audit = auditData({
    action: "test.run",
    actor: user,
    tenantId: input.tenantId,
    target: ["test_run", input.runId],
    ip: input.ip,
    details: {
      connectionId: input.connectionId,
      outcome: result.outcome,
      errorCode: result.errorCode ?? null,
      certificateId: input.certificateId ?? null,
      asStaff: user.role !== "customer",
    },
  });
  const count = await getDb().$executeRaw`
    WITH run AS (
      UPDATE test_runs SET outcome = ${written.outcome}::"TestOutcome", failed_step = ${written.failedStep}, error_code = ${written.errorCode},
        summary = ${written.summary}, steps = ${steps}::jsonb, attempts = ${attempts}::jsonb, token_host = ${tokenHost}, audience = ${audience},
        api_version = ${written.apiVersion}, collector = ${collector}::jsonb, finished_at = ${finishedAt}, duration_ms = ${result.durationMs}
      WHERE id = ${input.runId}::uuid AND (outcome = 'running' OR error_code = 'interrupted')
      RETURNING connection_id
    ), conn AS (
      UPDATE connections SET status = ${result.outcome}::"ConnectionStatus", last_tested_at = ${finishedAt}, last_test_run_id = ${input.runId}::uuid,
        token_host = COALESCE(${tokenHost}, token_host), audience = COALESCE(${audience}, audience),
        org_instance_url = COALESCE(${result.instanceUrl ?? null}, org_instance_url), updated_at = now()
      WHERE id = (SELECT connection_id FROM run)
      RETURNING id
    )
    INSERT INTO audit_events (action, actor_id, actor_email, tenant_id, target_type, target_id, ip, details)
    SELECT ${audit.action}, ${user.id}::uuid, ${user.email}, ${input.tenantId}::uuid, ${audit.targetType}, ${audit.targetId}, ${audit.ip}, ${JSON.stringify(audit.details)}::jsonb
    FROM conn`;
  if (count !== 1) throw new Error("the test run was finished by someone else");
  return toTestRunView(
    {
      id: input.runId,
      ...written,
      steps: result.steps,
      attempts: result.attempts,
      ranByEmail: user.email,
      ranByRole: user.role,
      startedAt: input.startedAt,
      finishedAt,
      durationMs: result.durationMs,
    },
    user.role === "customer" ? "customer" : "staff",
  );
}
