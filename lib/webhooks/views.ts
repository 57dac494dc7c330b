import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { keysetBefore } from "@/lib/validation/refinements";
import { WEBHOOK_EVENT_TYPES, eventField } from "./schemas";

// What the support console shows of webhooks: endpoints (never their secrets) and the newest deliveries with their
// attempts. Reads only; lib/webhooks/endpoints.ts changes them.

export const DELIVERIES_SHOWN = 50;

// The forms' event checkboxes, named here: lib/webhooks/schemas.ts reaches node:net (through ./url), which a client
// component cannot import.
export type EventChoice = { type: string; field: string };
export const EVENT_CHOICES: readonly EventChoice[] = WEBHOOK_EVENT_TYPES.map((type) => ({
  type,
  field: eventField(type),
}));

type DeliveryState = "pending" | "delivered" | "failed";

export type LastDelivery = {
  state: DeliveryState;
  status: number | null;
  error: string | null;
  at: Date;
};

export type EndpointRow = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  tenant: { id: string; name: string } | null;
  lastDelivery: LastDelivery | null;
};

const rowSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  tenant: { select: { id: true, name: true } },
  deliveries: {
    orderBy: { id: "desc" as const },
    take: 1,
    select: { state: true, lastStatus: true, lastError: true, createdAt: true, completedAt: true },
  },
};

type RowRecord = {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  tenant: { id: string; name: string } | null;
  deliveries: {
    state: string;
    lastStatus: number | null;
    lastError: string | null;
    createdAt: Date;
    completedAt: Date | null;
  }[];
};

function toRow({ deliveries, ...endpoint }: RowRecord): EndpointRow {
  const last = deliveries[0];
  return {
    ...endpoint,
    lastDelivery: last
      ? {
          state: last.state as DeliveryState,
          status: last.lastStatus,
          error: last.lastError,
          at: last.completedAt ?? last.createdAt,
        }
      : null,
  };
}

/** Every endpoint: the global ones first, then by tenant name, then URL. */
export async function listWebhookEndpoints(db: Db = getDb()): Promise<EndpointRow[]> {
  const rows = await db.webhookEndpoint.findMany({
    orderBy: [{ tenant: { name: "asc" } }, { url: "asc" }, { id: "asc" }],
    select: rowSelect,
  });
  const all = rows.map(toRow);
  return [...all.filter((e) => !e.tenant), ...all.filter((e) => e.tenant)];
}

export async function listTenantWebhooks(tenantId: string, db: Db = getDb()): Promise<EndpointRow[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { tenantId },
    orderBy: [{ url: "asc" }, { id: "asc" }],
    select: rowSelect,
  });
  return rows.map(toRow);
}

export type EndpointView = Omit<EndpointRow, "lastDelivery"> & {
  createdByEmail: string | null;
  createdAt: Date;
  /** Set while a rotated-out secret still signs beside the new one. */
  previousSecretValidUntil: Date | null;
};

export async function getWebhookEndpoint(id: string, db: Db = getDb()): Promise<EndpointView | null> {
  if (!isUuid(id)) return null;
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id },
    select: {
      id: true,
      url: true,
      description: true,
      eventTypes: true,
      enabled: true,
      tenant: { select: { id: true, name: true } },
      createdByEmail: true,
      createdAt: true,
      previousSecretExpiresAt: true,
    },
  });
  if (!endpoint) return null;
  const { previousSecretExpiresAt, ...rest } = endpoint;
  const valid = previousSecretExpiresAt && previousSecretExpiresAt > new Date() ? previousSecretExpiresAt : null;
  return { ...rest, previousSecretValidUntil: valid };
}

export type AttemptView = {
  id: string;
  at: Date;
  status: number | null;
  error: string | null;
  durationMs: number;
  excerpt: string | null;
};

export type DeliveryView = {
  id: string;
  eventType: string;
  /** The body's `id` (evt_…), what the receiver sees. */
  eventId: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: Date;
  redeliveryOf: string | null;
  attemptLog: AttemptView[];
};

function bodyId(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === "object" && "id" in parsed && typeof parsed.id === "string" ? parsed.id : null;
  } catch {
    return null;
  }
}

// `older`: a page below the newest; `olderBefore`: the cursor of the page after it, if there are older deliveries.
export type DeliveryPage = { deliveries: DeliveryView[]; older: boolean; olderBefore: string | null };

/**
 * One page of an endpoint's deliveries, newest first, each with its attempts (oldest first). `before` is the id the
 * page starts below, as the "Next" link carries it (keyset: pages hold still while new deliveries arrive); a malformed
 * one reads as the newest page.
 */
export async function listWebhookDeliveries(
  endpointId: string,
  before: string | null = null,
  db: Db = getDb(),
): Promise<DeliveryPage> {
  const cursor = keysetBefore.parse(before ?? undefined);
  const found = await db.webhookDelivery.findMany({
    where: { endpointId, ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: "desc" },
    // One more than shown: whether an older page exists.
    take: DELIVERIES_SHOWN + 1,
    select: {
      id: true,
      eventType: true,
      body: true,
      state: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatus: true,
      lastError: true,
      lastDurationMs: true,
      createdAt: true,
      redeliveryOf: true,
      attemptLog: {
        orderBy: { id: "asc" },
        select: { id: true, attemptedAt: true, status: true, error: true, durationMs: true, responseExcerpt: true },
      },
    },
  });
  const rows = found.slice(0, DELIVERIES_SHOWN);
  const olderBefore = found.length > DELIVERIES_SHOWN ? rows.at(-1)!.id.toString() : null;
  const deliveries = rows.map(({ id, body, state, redeliveryOf, attemptLog, ...rest }) => ({
    ...rest,
    id: id.toString(),
    eventId: bodyId(body),
    state: state as DeliveryState,
    redeliveryOf: redeliveryOf?.toString() ?? null,
    attemptLog: attemptLog.map((a) => ({
      id: a.id.toString(),
      at: a.attemptedAt,
      status: a.status,
      error: a.error,
      durationMs: a.durationMs,
      excerpt: a.responseExcerpt,
    })),
  }));
  return { deliveries, older: Boolean(cursor), olderBefore };
}
