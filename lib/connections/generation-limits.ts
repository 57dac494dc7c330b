import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/db/generated/client";
import { countRateLimitSql, peekRateLimitSql, rateDecision } from "@/lib/limits/rate-limit";

const HOUR_SECONDS = 3600;
// RSA-4096 prime search takes about 8 times as long as RSA-2048 on average; it counts as 4 of the hourly units.
const RSA_4096_COST = 4;
const budgetKey = (tenantId: string) => `certificates:${tenantId}`;
type BudgetRow = { count: number; retry: number };

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

/**
 * Every instance of the portal on the database takes this transaction-scoped lock before it stores a tenant's
 * certificate: `pg_try_advisory_xact_lock` answers at once, so a second generation is refused, not queued.
 */
export function generationLockSql(tenantId: string): Prisma.Sql {
  return Prisma.sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`certificate-generation:${tenantId}`}, 0)) AS locked`;
}

/** The hour's units so far (a cheap early refusal, before a key is generated). */
export const peekBudgetSql = (tenantId: string) => peekRateLimitSql(budgetKey(tenantId), HOUR_SECONDS);

/** Spends the units in the generation's transaction: a refusal or failure rolls the count back with the rest. */
export const spendBudgetSql = (tenantId: string, cost: number) =>
  countRateLimitSql(budgetKey(tenantId), HOUR_SECONDS, cost);

/** Throws the customer's message when `row` (from either statement above) leaves no room for `cost`. */
export function refuseOverBudget(row: BudgetRow | undefined, cost: number, counted: boolean): void {
  const limit = getEnv().CERTIFICATES_PER_TENANT_PER_HOUR;
  const decision = rateDecision(row, limit, HOUR_SECONDS, cost, counted);
  if (decision.ok) return;
  const minutes = Math.ceil(decision.retryAfterSeconds / 60);
  const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  throw new AppError(
    "RATE_LIMITED",
    cost > 1 && decision.left > 0
      ? `An RSA-4096 key counts as ${cost} of your organisation's ${limit} certificate generations an hour, and ${decision.left} ${decision.left === 1 ? "is" : "are"} left this hour. Choose RSA-2048, or ${wait.toLowerCase()}.`
      : `Your organisation has used this hour's ${limit} certificate generations (an RSA-4096 key counts as ${RSA_4096_COST}). ${wait}, or ask support if you need more.`,
  );
}
