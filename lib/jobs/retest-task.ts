import "server-only";
import type { JobHelpers } from "graphile-worker";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { runTestForConnection, SCHEDULE_RUNNER } from "@/lib/connections/run-connection-test";
import { isStillDue, jobKey, queueName, RETEST_MAX_ATTEMPTS, RETEST_TASK } from "@/lib/jobs/retest-queue";

const payloadSchema = z.object({ connectionId: z.uuid() });

// A test already running, or the tenant's scheduled budget spent: try again later rather than spend an attempt.
const POSTPONE_MINUTES = 10;

// One scheduled re-test: the same code and recording as the button (lib/connections/run-connection-test.ts), run by
// "schedule" with the scheduled budget. Salesforce's answers are recorded as the run's outcome and end the job; only
// the portal's own failures (the database, a bug) throw, so graphile-worker retries them with backoff.
export async function retestConnection(payload: unknown, helpers: JobHelpers): Promise<void> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw new Error("invalid payload: expected { connectionId: <uuid> }");
  const { connectionId } = parsed.data;
  if (!(await helpers.withPgClient((client) => isStillDue(client, connectionId)))) return;
  try {
    await runTestForConnection({ user: SCHEDULE_RUNNER, connectionId, ip: null });
  } catch (error) {
    if (!(error instanceof AppError)) throw jobError(error);
    if (error.code === "RATE_LIMITED" || error.code === "CONFLICT") {
      // Same key: graphile-worker detaches it from this running job and gives it to the new one.
      await helpers.addJob(
        RETEST_TASK,
        { connectionId },
        {
          jobKey: jobKey(connectionId),
          queueName: queueName(connectionId),
          maxAttempts: RETEST_MAX_ATTEMPTS,
          runAt: new Date(Date.now() + POSTPONE_MINUTES * 60_000),
        },
      );
      return;
    }
    // Nothing to test any more (the connection lost a field or its certificate): the schedule resumes after a test.
    helpers.logger.info(`scheduled re-test of ${connectionId} skipped: ${error.code}`);
  }
}

// What the dead-letter view shows: the error's kind and first line, never a stack or a query's parameters. (Keys are
// decrypted inside the run, whose failures are recorded as the run's outcome and never reach here.)
function jobError(error: unknown): Error {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "";
  return new Error(`${name}: ${message.slice(0, 300)}`);
}
