import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { hasJobSchema } from "@/lib/jobs/dead-letter";
import { eventBodies, type EventRow } from "./payload";

// From connection events to deliveries: the notifier (lib/jobs/notify-task.ts) hands over the events it claimed, each
// enabled endpoint that wants the type (the tenant's own, and every global one) gets a delivery with the body fixed
// now, and each endpoint's delivery job is woken. Sending is lib/webhooks/deliver.ts.

export const WEBHOOK_TASK = "deliver_webhooks";
// A job that fails outright (the database, not the receiver: receivers' failures are the delivery's own retries).
const JOB_MAX_ATTEMPTS = 10;

export const webhookJobKey = (endpointId: string) => `webhook:${endpointId}`;

/** Deliveries for these events; idempotent (a second call for the same events adds nothing). Returns the endpoints woken. */
export async function queueWebhookDeliveries(db: Db, events: readonly EventRow[]): Promise<string[]> {
  if (events.length === 0) return [];
  const endpoints = await db.webhookEndpoint.findMany({
    where: {
      enabled: true,
      OR: [{ tenantId: null }, { tenantId: { in: [...new Set(events.map((e) => e.tenant_id))] } }],
    },
    select: { id: true, tenantId: true, eventTypes: true },
  });
  const pairs = events.flatMap((event) =>
    endpoints
      .filter((e) => e.eventTypes.includes(event.type) && (e.tenantId === null || e.tenantId === event.tenant_id))
      .map((endpoint) => ({ event, endpoint })),
  );
  if (pairs.length === 0) return [];
  const bodies = await eventBodies(
    db,
    events.map((e) => e.id),
  );
  const rows = pairs.flatMap(({ event, endpoint }) => {
    const body = bodies.get(event.id);
    return body
      ? [
          {
            endpointId: endpoint.id,
            eventId: event.id,
            type: event.type,
            body: body[endpoint.tenantId ? "customer" : "staff"],
          },
        ]
      : [];
  });
  if (rows.length === 0) return [];
  // Event order is delivery order: ids are taken in the order of this list (events oldest first).
  rows.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  await db.$executeRaw`
    INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, body)
    SELECT r.endpoint_id, r.event_id, r.event_type, r.body
    FROM unnest(${rows.map((r) => r.endpointId)}::uuid[], ${rows.map((r) => r.eventId)}::bigint[],
                ${rows.map((r) => r.type)}::text[], ${rows.map((r) => JSON.stringify(r.body))}::text[])
         WITH ORDINALITY AS r(endpoint_id, event_id, event_type, body, n)
    ORDER BY r.n
    ON CONFLICT (endpoint_id, event_id) WHERE redelivery_of IS NULL AND event_id IS NOT NULL DO NOTHING`;
  const woken = [...new Set(rows.map((r) => r.endpointId))];
  await wakeEndpoints(db, woken);
  return woken;
}

/**
 * Wakes each endpoint's delivery job now, unless one is already waiting for a retry's time (preserve_run_at): the
 * oldest delivery goes first, so a newer event never overtakes one that is backing off. One job per endpoint (the
 * key) and one at a time (the queue). Before graphile-worker has installed its schema there is nothing to wake; the
 * notifier's minute tick wakes every endpoint with pending deliveries (sweepPendingEndpoints).
 */
export async function wakeEndpoints(db: Db, endpointIds: readonly string[]): Promise<void> {
  if (endpointIds.length === 0 || !(await hasJobSchema(db))) return;
  await db.$executeRaw`
    SELECT graphile_worker.add_job(${WEBHOOK_TASK}, json_build_object('endpointId', e.id),
             queue_name := 'webhook:' || e.id, max_attempts := ${JOB_MAX_ATTEMPTS}::int,
             job_key := 'webhook:' || e.id, job_key_mode := 'preserve_run_at')
    FROM unnest(${[...endpointIds]}::text[]) AS e(id)`;
}

/** The minute tick's safety net: endpoints with a delivery due and no job (lost with a worker, or added before one ran). */
export async function sweepPendingEndpoints(db: Db): Promise<number> {
  if (!(await hasJobSchema(db))) return 0;
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT d.endpoint_id::text AS id FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
    WHERE d.state = 'pending' AND d.next_attempt_at <= now()
      AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'webhook:' || d.endpoint_id::text)`;
  await wakeEndpoints(
    db,
    due.map((d) => d.id),
  );
  return due.length;
}

/** Finished deliveries are kept 30 days for the log (pending ones until they finish). */
export async function pruneWebhookDeliveries(db: Db): Promise<number> {
  return db.$executeRaw(
    Prisma.sql`DELETE FROM webhook_deliveries WHERE state <> 'pending' AND completed_at < now() - interval '30 days'`,
  );
}
