import "server-only";
import { auditData } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { TestResult } from "@/lib/salesforce/test-connection";
import { toTestRunView, type TestRunView } from "@/lib/connections/test-run-view";
import type { TestRunner } from "@/lib/connections/run-connection-test";
import { metrics } from "@/lib/metrics/registry";

// Status changes for the notifier (connection_events), judged on the connection as it was before this run
// (prev) and this run's outcome (o). "Failed" waits for a second failure in a row so one flap alerts nobody, and
// only a connection that had worked (last_success_at) can fail or recover: onboarding attempts are not outages.
const EVENT_RULES = `
  ('connection.failed', o.outcome = 'failed' AND prev.consecutive_failures = 1 AND prev.last_success_at IS NOT NULL),
  ('connection.recovered', o.outcome <> 'failed' AND prev.consecutive_failures >= 2 AND prev.last_success_at IS NOT NULL),
  ('connection.warning', o.outcome = 'warnings' AND prev.status = 'connected')`;

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
      asStaff: user.role !== "customer" && !user.scheduled,
      ...(user.scheduled ? { scheduled: true } : {}),
    },
  });
  metrics().testRuns.observe(
    { outcome: result.outcome, error_code: result.errorCode ?? "none", scheduled: String(user.scheduled === true) },
    result.durationMs / 1000,
  );
  const success = result.outcome !== "failed";
  const count = await getDb().$executeRaw`
    WITH run AS (
      UPDATE test_runs SET outcome = ${written.outcome}::"TestOutcome", failed_step = ${written.failedStep}, error_code = ${written.errorCode},
        summary = ${written.summary}, steps = ${steps}::jsonb, attempts = ${attempts}::jsonb, token_host = ${tokenHost}, audience = ${audience},
        api_version = ${written.apiVersion}, collector = ${collector}::jsonb, finished_at = ${finishedAt}, duration_ms = ${result.durationMs}
      WHERE id = ${input.runId}::uuid AND (outcome = 'running' OR error_code = 'interrupted')
      RETURNING connection_id
    ), prev AS (
      SELECT id, status, consecutive_failures, last_success_at FROM connections
      WHERE id = (SELECT connection_id FROM run) FOR UPDATE
    ), conn AS (
      UPDATE connections SET status = ${result.outcome}::"ConnectionStatus", last_tested_at = ${finishedAt}, last_test_run_id = ${input.runId}::uuid,
        status_since = CASE WHEN status = ${result.outcome}::"ConnectionStatus" THEN status_since ELSE ${input.startedAt} END,
        last_success_at = CASE WHEN ${success} THEN ${input.startedAt} ELSE last_success_at END,
        consecutive_failures = CASE WHEN ${success} THEN 0 ELSE consecutive_failures + 1 END,
        token_host = COALESCE(${tokenHost}, token_host), audience = COALESCE(${audience}, audience),
        org_instance_url = COALESCE(${result.instanceUrl ?? null}, org_instance_url), updated_at = now()
      WHERE id = (SELECT id FROM prev)
      RETURNING id
    ), events AS (
      INSERT INTO connection_events (type, connection_id, tenant_id, test_run_id, occurred_at)
      SELECT e.type, prev.id, ${input.tenantId}::uuid, ${input.runId}::uuid, ${finishedAt}
      FROM prev JOIN conn ON conn.id = prev.id CROSS JOIN (SELECT ${result.outcome}::text AS outcome) o
      CROSS JOIN LATERAL (VALUES ${Prisma.raw(EVENT_RULES)}) AS e(type, fires)
      WHERE e.fires
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
      ranByRole: user.scheduled ? null : user.role,
      startedAt: input.startedAt,
      finishedAt,
      durationMs: result.durationMs,
    },
    user.role === "customer" ? "customer" : "staff",
  );
}
