import "server-only";
import type { Db } from "@/lib/db/client";
import { EXPIRY_REMINDER_DAYS, type ConnectionEvent } from "@/lib/notifications/events";
import { sendConnectionEvent } from "@/lib/notifications/send-connection-event";
import { releaseDeadWorkers } from "@/lib/jobs/dead-workers";
import { pruneWebhookDeliveries, queueWebhookDeliveries, sweepPendingEndpoints } from "@/lib/webhooks/queue";

// The notifier: every minute (lib/jobs/worker.ts), it records the certificate reminders that are due, then queues
// webhook deliveries for and emails the connection events nobody has been told about yet, oldest first. A row is claimed (notified_at) before its
// email goes, so two workers never send it twice; when the mail server fails, the unsent rows are given back and
// graphile-worker retries the task with backoff. With no mail configured the events are still claimed: telling
// people hours later, once SMTP is set, about a status long changed would mislead more than it helps.
export const NOTIFY_TASK = "notify-connection-events";
const BATCH = 50;

type Row = {
  id: bigint;
  type: ConnectionEvent["type"];
  connection_id: string;
  tenant_id: string;
  test_run_id: string | null;
  days_left: number | null;
};

export async function notifyConnectionEvents(db: Db): Promise<number> {
  await recordExpiryReminders(db);
  const rows = await db.$queryRaw<Row[]>`
    UPDATE connection_events SET notified_at = now()
    WHERE id IN (SELECT id FROM connection_events WHERE notified_at IS NULL ORDER BY id LIMIT ${BATCH}
                 FOR UPDATE SKIP LOCKED)
    RETURNING id, type, connection_id, tenant_id::text, test_run_id, days_left`;
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  try {
    // Webhooks first: a delivery row per endpoint, fixed now and sent by each endpoint's own job (lib/webhooks).
    await queueWebhookDeliveries(db, rows);
  } catch (error) {
    await giveBack(db, rows);
    throw error;
  }
  for (const [index, row] of rows.entries()) {
    try {
      await sendConnectionEvent(db, toEvent(row));
    } catch (error) {
      // Their webhook deliveries exist already; queueing them again when they come back adds nothing.
      await giveBack(db, rows.slice(index));
      throw error;
    }
  }
  // Before the sweep: a webhook job a killed worker held becomes runnable again, and is not added twice.
  await releaseDeadWorkers(db);
  await sweepPendingEndpoints(db);
  await pruneWebhookDeliveries(db);
  return rows.length;
}

async function giveBack(db: Db, rows: readonly Row[]): Promise<void> {
  const ids = rows.map((r) => r.id);
  await db.$executeRaw`UPDATE connection_events SET notified_at = NULL WHERE id = ANY(${ids}::bigint[])`;
}

/**
 * An active certificate inside a reminder mark (30, 7 or 1 days before notAfter) gets one event for the nearest
 * mark it has reached: a portal that was off for a week sends the 7-day reminder, not the 30-day one too.
 */
async function recordExpiryReminders(db: Db): Promise<void> {
  const marks = [...EXPIRY_REMINDER_DAYS];
  await db.$executeRaw`
    INSERT INTO connection_events (type, connection_id, tenant_id, certificate_id, days_left)
    SELECT 'certificate.expiring', c.connection_id, c.tenant_id, c.id,
           (SELECT min(m) FROM unnest(${marks}::int[]) AS m WHERE c.not_after <= now() + make_interval(days => m))
    FROM certificates c
    WHERE c.status = 'active' AND c.not_after > now()
      AND c.not_after <= now() + make_interval(days => ${Math.max(...marks)}::int)
    ON CONFLICT (certificate_id, days_left) WHERE type = 'certificate.expiring' DO NOTHING`;
}

function toEvent(row: Row): ConnectionEvent {
  const connectionId = row.connection_id;
  switch (row.type) {
    case "certificate.expiring": {
      const daysLeft = EXPIRY_REMINDER_DAYS.find((d) => d === row.days_left) ?? EXPIRY_REMINDER_DAYS[0];
      return { type: row.type, connectionId, daysLeft };
    }
    case "certificate.renewed":
      return { type: row.type, connectionId };
    default:
      return { type: row.type, connectionId, ...(row.test_run_id ? { testRunId: row.test_run_id } : {}) };
  }
}
