import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/db/generated/client";
import { countWithinLimitSql, peekRateLimitSql } from "@/lib/limits/rate-limit";
import { countRefusal } from "@/lib/metrics/registry";

const HOUR_SECONDS = 3600;
// RSA-4096 prime search takes about 8 times as long as RSA-2048 on average; it counts as 4 of the hourly units.
const RSA_4096_COST = 4;
const budgetKey = (tenantId: string) => `certificates:${tenantId}`;

// Per process, before any database work: a second click answers at once instead of queueing a second key, and
// the same form submitted twice (same request token) waits for the first and gets its certificate.
const inFlight = new Map<string, { requestToken: string; work: Promise<unknown> }>();

export const generationBusy = () =>
  new AppError(
    "CONFLICT",
    "A certificate is already being generated for your organisation. Wait for it to finish, then reload the page.",
  );

export function generationCost(keySize: number): number {
  return keySize >= 4096 ? RSA_4096_COST : 1;
}

/**
 * Runs `work` unless this tenant already has a generation running in this process: then the same request (a
 * double submit) shares its result, and any other is refused.
 */
export async function oneGenerationPerTenant<T>(
  tenantId: string,
  requestToken: string,
  work: () => Promise<T>,
): Promise<T> {
  const running = inFlight.get(tenantId);
  if (running?.requestToken === requestToken) return running.work as Promise<T>;
  if (running) throw generationBusy();
  const started = work();
  inFlight.set(tenantId, { requestToken, work: started });
  try {
    return await started;
  } finally {
    inFlight.delete(tenantId);
  }
}

/** The hour's units so far (a cheap early refusal, before a key is generated). */
export const peekBudgetSql = (tenantId: string) => peekRateLimitSql(budgetKey(tenantId), HOUR_SECONDS);

/** Spends the units only within the hour's limit and when `when` holds; no row: refused, nothing spent. */
export const spendBudgetSql = (tenantId: string, cost: number, when: Prisma.Sql) =>
  countWithinLimitSql(budgetKey(tenantId), HOUR_SECONDS, cost, getEnv().CERTIFICATES_PER_TENANT_PER_HOUR, when);

/** Whether `cost` more units fit this hour, given the count `used` so far (SQL, for the claim's condition). */
export const budgetFitsSql = (used: Prisma.Sql, cost: number) =>
  Prisma.sql`COALESCE(${used}, 0) + ${cost}::int <= ${getEnv().CERTIFICATES_PER_TENANT_PER_HOUR}::int`;

/**
 * The refusal when `cost` more units do not fit: `used` so far this hour (unknown: all), `retrySeconds` to the
 * window's end (unknown: from this server's clock).
 */
export function overBudget(cost: number, used?: number, retrySeconds?: number): AppError {
  const limit = getEnv().CERTIFICATES_PER_TENANT_PER_HOUR;
  const left = Math.max(0, limit - (used ?? limit));
  const seconds = retrySeconds ?? HOUR_SECONDS - (Math.floor(Date.now() / 1000) % HOUR_SECONDS);
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  countRefusal("certificates");
  const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  return new AppError(
    "RATE_LIMITED",
    cost > 1 && left > 0
      ? `An RSA-4096 key counts as ${cost} of your organisation's ${limit} certificate generations an hour, and ${left} ${left === 1 ? "is" : "are"} left this hour. Choose RSA-2048, or ${wait.toLowerCase()}.`
      : `Your organisation has used this hour's ${limit} certificate generations (an RSA-4096 key counts as ${RSA_4096_COST}). ${wait}, or ask support if you need more.`,
  );
}
