import "server-only";
import { webhookSecretAad, open } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { defaultResolver, outboundProxy, OutboundError, type Resolver } from "@/lib/salesforce/outbound";
import { sendOnce } from "@/lib/salesforce/outbound-hop";
import { SIGNATURE_HEADER, signatureHeader } from "./signature";
import { webhookUrlProblem } from "./url";

// Sends one endpoint's deliveries, oldest first, one at a time (the job that calls this runs in the endpoint's own
// graphile-worker queue). A 2xx answer delivers; anything else (another status, a redirect, no answer in 10 s, a
// refused address) is an attempt that failed: the delivery waits 30 s, 1, 2, 4 … minutes (at most an hour) and is
// tried again, and the ones after it wait too, so a receiver sees events in order. After 24 hours a delivery that
// still fails is given up ("failed", redeliverable by staff) and the next one goes.

const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 256 * 1024;
const EXCERPT_CHARS = 500;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;
// Deliveries one job sends before it hands over to a new job (others' queues get a turn).
const MAX_PER_RUN = 100;

export type DeliverOptions = {
  /** The first retry's wait; each next one doubles, up to an hour. Tests shorten it. */
  retryBaseMs?: number;
  resolve?: Resolver;
};

export type DeliverResult = {
  delivered: number;
  failedAttempts: number;
  /** When the endpoint's job should run again: a retry's time, now (more to send), or null (nothing pending). */
  next: Date | null;
};

type Attempt = {
  status: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
};

export function retryDelayMs(attempts: number, baseMs = RETRY_BASE_MS): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export async function deliverPending(db: Db, endpointId: string, opts: DeliverOptions = {}): Promise<DeliverResult> {
  const result: DeliverResult = { delivered: 0, failedAttempts: 0, next: null };
  const endpoint = await db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: {
      id: true,
      url: true,
      enabled: true,
      secretSealed: true,
      previousSecretSealed: true,
      previousSecretExpiresAt: true,
    },
  });
  // Deleted, or disabled: its deliveries wait (enabling it wakes them).
  if (!endpoint?.enabled) return result;
  const secrets = endpointSecrets(endpoint);
  for (let sent = 0; sent < MAX_PER_RUN; sent++) {
    const delivery = await db.webhookDelivery.findFirst({
      where: { endpointId, state: "pending" },
      orderBy: { id: "asc" },
      select: {
        id: true,
        publicId: true,
        eventType: true,
        body: true,
        attempts: true,
        nextAttemptAt: true,
        giveUpAt: true,
      },
    });
    if (!delivery) return result;
    if (delivery.nextAttemptAt.getTime() > Date.now()) return { ...result, next: delivery.nextAttemptAt };
    const attempt = await post(endpoint.url, delivery, secrets, opts);
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    const attempts = delivery.attempts + 1;
    const state = ok ? "delivered" : Date.now() >= delivery.giveUpAt.getTime() ? "failed" : "pending";
    const next = new Date(Date.now() + retryDelayMs(attempts, opts.retryBaseMs));
    const lastError = ok ? null : (attempt.error ?? `The receiver answered HTTP ${attempt.status}.`);
    await db.$transaction([
      db.webhookAttempt.create({
        data: {
          deliveryId: delivery.id,
          status: attempt.status,
          durationMs: attempt.durationMs,
          error: attempt.error,
          responseExcerpt: attempt.excerpt,
        },
      }),
      db.webhookDelivery.updateMany({
        where: { id: delivery.id, state: "pending" },
        data: {
          state,
          attempts,
          lastStatus: attempt.status,
          lastDurationMs: attempt.durationMs,
          lastError,
          ...(state === "pending" ? { nextAttemptAt: next } : { completedAt: new Date() }),
        },
      }),
    ]);
    if (ok) result.delivered++;
    else result.failedAttempts++;
    if (state === "pending") return { ...result, next };
  }
  return { ...result, next: new Date() };
}

function endpointSecrets(endpoint: {
  id: string;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}): string[] {
  const keys = getMasterKeys().all;
  const aad = webhookSecretAad(endpoint.id);
  const secrets = [open(endpoint.secretSealed, aad, keys).toString("utf8")];
  if (
    endpoint.previousSecretSealed &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > new Date()
  )
    secrets.push(open(endpoint.previousSecretSealed, aad, keys).toString("utf8"));
  return secrets;
}

async function post(
  rawUrl: string,
  delivery: { publicId: string; eventType: string; body: string },
  secrets: readonly string[],
  opts: DeliverOptions,
): Promise<Attempt> {
  const env = getEnv();
  const allowPrivate = env.PORTAL_WEBHOOK_ALLOW_PRIVATE === "1";
  // The rules may have changed since the URL was saved (an allowlist set, private addresses no longer allowed).
  const problem = webhookUrlProblem(rawUrl, { allowPrivate, allowedHosts: env.PORTAL_WEBHOOK_ALLOWED_HOSTS });
  if (problem) return { status: null, durationMs: 0, error: `Not sent: ${problem}`, excerpt: null };
  const started = performance.now();
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const res = await sendOnce(
      {
        url: new URL(rawUrl),
        extra: false,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "sf-jwt-portal-webhooks",
          "x-portal-event": delivery.eventType,
          "x-portal-delivery": delivery.publicId,
          [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(Date.now() / 1000), delivery.body),
        },
        body: delivery.body,
      },
      {
        signal,
        maxBodyBytes: MAX_ANSWER_BYTES,
        resolve: opts.resolve ?? defaultResolver,
        proxy: outboundProxy(),
        allowPrivate,
      },
    );
    const durationMs = Math.round(performance.now() - started);
    const redirect = res.status >= 300 && res.status < 400;
    return {
      status: res.status,
      durationMs,
      error: redirect
        ? `The receiver redirected (HTTP ${res.status}${res.headers.location ? ` to ${res.headers.location}` : ""}); webhooks do not follow redirects: save the final URL.`
        : null,
      excerpt: res.bodyText ? res.bodyText.slice(0, EXCERPT_CHARS) : null,
    };
  } catch (error) {
    const durationMs = Math.round(performance.now() - started);
    const message =
      error instanceof OutboundError
        ? error.kind === "timeout"
          ? `The receiver did not answer within ${TIMEOUT_MS / 1000} s.`
          : error.message
        : "The request failed before an answer came.";
    return { status: null, durationMs, error: message, excerpt: null };
  }
}
