import "server-only";
import { randomUUID } from "node:crypto";
import { commandAudit, recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { seal, webhookSecretAad } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defaultResolver, outboundProxy, type Resolver } from "@/lib/salesforce/outbound";
import { pingBody } from "./payload";
import { wakeEndpoints } from "./queue";
import type { WebhookEventType } from "./schemas";
import { newWebhookSecret } from "./signature";
import { webhookHostProblem, webhookUrlProblem } from "./url";

// Admins manage endpoints (webhooks:manage); support reads the log and redelivers (webhooks:read). Every change is
// audited without the secret, which is returned once, to the admin who created or rotated it, and never again.

type Actor = NonNullable<AuditActor>;
type Command = { actor: Actor; ip: string | null; resolve?: Resolver };
type EndpointFields = { url: string; description: string; eventTypes: WebhookEventType[] };

// A rotated secret keeps signing beside the new one for a day, so receivers can be updated without a gap.
export const PREVIOUS_SECRET_HOURS = 24;

async function checkUrl(url: string, resolve: Resolver = defaultResolver): Promise<void> {
  const env = getEnv();
  const policy = {
    allowPrivate: env.PORTAL_WEBHOOK_ALLOW_PRIVATE === "1",
    allowedHosts: env.PORTAL_WEBHOOK_ALLOWED_HOSTS,
  };
  const problem =
    webhookUrlProblem(url, policy) ??
    (await webhookHostProblem(new URL(url), { ...policy, resolve, viaProxy: outboundProxy() !== null }));
  if (problem) throw new AppError("INVALID_INPUT", "Check the webhook URL.", { url: problem });
}

function sealSecret(endpointId: string, secret: string): string {
  return seal(secret, webhookSecretAad(endpointId), getMasterKeys().current);
}

export async function createWebhookEndpoint(
  db: Db,
  input: EndpointFields & { tenantId: string | null } & Command,
): Promise<{ id: string; secret: string }> {
  if (input.tenantId) {
    const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true } });
    if (!tenant) throw new AppError("NOT_FOUND", "That tenant does not exist: reload the page.");
  }
  await checkUrl(input.url, input.resolve);
  const id = randomUUID();
  const secret = newWebhookSecret();
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.create({
      data: {
        id,
        tenantId: input.tenantId,
        url: input.url,
        description: input.description,
        eventTypes: input.eventTypes,
        secretSealed: sealSecret(id, secret),
        createdByEmail: input.actor.email,
      },
      select: { id: true },
    });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: input.tenantId }, "webhook.created", ["webhook", id], {
        url: input.url,
        events: input.eventTypes,
        scope: input.tenantId ? "tenant" : "global",
      }),
    );
  });
  return { id, secret };
}

async function findEndpoint(db: Db, endpointId: string) {
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { id: true, tenantId: true, url: true, enabled: true, eventTypes: true, description: true },
  });
  if (!endpoint) throw new AppError("NOT_FOUND", "That webhook no longer exists: reload the page.");
  return endpoint;
}

export async function updateWebhookEndpoint(
  db: Db,
  input: EndpointFields & { endpointId: string; enabled: boolean } & Command,
): Promise<{ changed: boolean }> {
  const before = await findEndpoint(db, input.endpointId);
  if (input.url !== before.url) await checkUrl(input.url, input.resolve);
  const changes = {
    ...(input.url !== before.url ? { url: input.url } : {}),
    ...(input.description !== before.description ? { description: input.description } : {}),
    ...(input.enabled !== before.enabled ? { enabled: input.enabled } : {}),
    ...(input.eventTypes.join() !== before.eventTypes.join() ? { eventTypes: input.eventTypes } : {}),
  };
  if (Object.keys(changes).length === 0) return { changed: false };
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: { ...changes, updatedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: before.tenantId }, "webhook.updated", ["webhook", before.id], {
        changed: Object.keys(changes),
        ...(changes.url ? { url: changes.url } : {}),
        ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}),
      }),
    );
  });
  if (changes.enabled === true) {
    // Enabled again: what waited goes now, with a fresh 24 hours of retries (it may have waited longer than that).
    await db.$executeRaw`UPDATE webhook_deliveries SET give_up_at = now() + interval '24 hours', next_attempt_at = now()
                         WHERE endpoint_id = ${before.id}::uuid AND state = 'pending'`;
    await wakeEndpoints(db, [before.id]);
  }
  return { changed: true };
}

/** A new secret; the old one keeps signing (a second v1) for PREVIOUS_SECRET_HOURS. */
export async function rotateWebhookSecret(
  db: Db,
  input: { endpointId: string } & Command,
): Promise<{ secret: string; previousValidUntil: Date }> {
  const before = await findEndpoint(db, input.endpointId);
  const secret = newWebhookSecret();
  const previousValidUntil = new Date(Date.now() + PREVIOUS_SECRET_HOURS * 3_600_000);
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, previous_secret_expires_at = ${previousValidUntil},
             secret_sealed = ${sealSecret(before.id, secret)}, updated_at = now()
      WHERE id = ${before.id}::uuid`;
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: before.tenantId }, "webhook.secret_rotated", ["webhook", before.id], {
        previousValidUntil: previousValidUntil.toISOString(),
      }),
    );
  });
  return { secret, previousValidUntil };
}

export async function deleteWebhookEndpoint(db: Db, input: { endpointId: string } & Command): Promise<void> {
  const before = await findEndpoint(db, input.endpointId);
  await db.$transaction(async (tx) => {
    await tx.webhookEndpoint.delete({ where: { id: before.id }, select: { id: true } });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: before.tenantId }, "webhook.deleted", ["webhook", before.id], {
        url: before.url,
      }),
    );
  });
}

/** "Send test event": a `webhook.test` delivery, queued behind whatever the endpoint has pending. */
export async function sendTestEvent(db: Db, input: { endpointId: string } & Command): Promise<{ deliveryId: string }> {
  const endpoint = await findEndpoint(db, input.endpointId);
  if (!endpoint.enabled)
    throw new AppError("CONFLICT", "This webhook is disabled. Enable it first, then send a test event.");
  const tenant = endpoint.tenantId
    ? await db.tenant.findUnique({ where: { id: endpoint.tenantId }, select: { id: true, name: true } })
    : null;
  const delivery = await db.$transaction(async (tx) => {
    const created = await tx.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventType: "webhook.test",
        body: JSON.stringify(pingBody(randomUUID(), tenant)),
        redeliveredByEmail: input.actor.email,
      },
      select: { id: true, publicId: true },
    });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: endpoint.tenantId }, "webhook.test_sent", ["webhook", endpoint.id], {
        delivery: created.publicId,
      }),
    );
    return created;
  });
  await wakeEndpoints(db, [endpoint.id]);
  return { deliveryId: delivery.id.toString() };
}

/** Staff: the same body again, as a new delivery at the end of the endpoint's queue, with 24 hours of retries. */
export async function redeliverWebhook(
  db: Db,
  input: { endpointId: string; deliveryId: bigint } & Command,
): Promise<{ deliveryId: string }> {
  const endpoint = await findEndpoint(db, input.endpointId);
  const original = await db.webhookDelivery.findFirst({
    where: { id: input.deliveryId, endpointId: endpoint.id },
    select: { id: true, eventId: true, eventType: true, body: true, state: true },
  });
  if (!original) throw new AppError("NOT_FOUND", "That delivery no longer exists: reload the page.");
  if (original.state === "pending")
    throw new AppError("CONFLICT", "This delivery is still being tried. Wait for it to finish, then redeliver.");
  if (!endpoint.enabled) throw new AppError("CONFLICT", "This webhook is disabled. Enable it first, then redeliver.");
  const delivery = await db.$transaction(async (tx) => {
    const created = await tx.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventId: original.eventId,
        eventType: original.eventType,
        body: original.body,
        redeliveryOf: original.id,
        redeliveredByEmail: input.actor.email,
      },
      select: { id: true, publicId: true },
    });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: endpoint.tenantId }, "webhook.redelivered", ["webhook", endpoint.id], {
        delivery: created.publicId,
        of: original.id.toString(),
      }),
    );
    return created;
  });
  await wakeEndpoints(db, [endpoint.id]);
  return { deliveryId: delivery.id.toString() };
}
