import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { countRefusal } from "@/lib/metrics/registry";

// Anything that can run raw SQL: the client or an interactive transaction.
export type SqlRunner = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export type RateDecision =
  | { ok: true; remaining: number }
  // `firstRefusal`: this is the window's first refused attempt (log or audit it once, not per attempt).
  // `left`: what the window still allows (an attempt costing more than one can be refused with units left).
  | { ok: false; retryAfterSeconds: number; firstRefusal: boolean; left: number };

// The start of the current window, computed by PostgreSQL so every instance agrees whatever its clock says.
const windowStart = (windowSeconds: number) =>
  Prisma.sql`to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds})`;
const retrySeconds = (windowSeconds: number) =>
  Prisma.sql`ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int`;

/** The counting statement: the new count and the seconds to the window's end. */
function countRateLimitSql(key: string, windowSeconds: number, cost = 1): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${windowStart(windowSeconds)}, ${cost})
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + ${cost}
    RETURNING count, ${retrySeconds(windowSeconds)} AS retry`;
}

/**
 * Counts `cost` only if the window stays within `limit` and `when` holds (a condition on the rest of the statement):
 * returns the new count, or no row when nothing was counted. For a statement that must spend nothing when refused.
 */
export function countWithinLimitSql(
  key: string,
  windowSeconds: number,
  cost: number,
  limit: number,
  when: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO rate_limits (key, window_start, count)
    SELECT ${key}, ${windowStart(windowSeconds)}, ${cost} WHERE ${cost}::int <= ${limit}::int AND ${when}
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + ${cost}
      WHERE rate_limits.count + ${cost}::int <= ${limit}::int
    RETURNING count`;
}

/** The current window's count and seconds to its end, without counting (no row: nothing counted yet). */
export function peekRateLimitSql(key: string, windowSeconds: number): Prisma.Sql {
  return Prisma.sql`
    SELECT count, ${retrySeconds(windowSeconds)} AS retry FROM rate_limits
    WHERE key = ${key} AND window_start = ${windowStart(windowSeconds)}`;
}

/**
 * The decision for a row of either statement above. `counted`: the row's count already includes this attempt
 * (counted), or not (peeked: the attempt would add `cost`).
 */
function rateDecision(
  row: { count: number; retry: number } | undefined,
  limit: number,
  windowSeconds: number,
  cost: number,
  counted: boolean,
): RateDecision {
  const before = (row?.count ?? 0) - (counted ? cost : 0);
  if (before + cost <= limit) return { ok: true, remaining: limit - before - cost };
  return {
    ok: false,
    retryAfterSeconds: Math.max(1, row?.retry ?? windowSeconds),
    firstRefusal: counted && before <= limit,
    left: Math.max(0, limit - before),
  };
}

/**
 * A fixed-window counter in PostgreSQL, counted and checked in one statement (INSERT … ON CONFLICT … RETURNING):
 * concurrent callers queue on the row, each sees its own count, so at most `limit` pass per window across every
 * portal instance on the database. Old windows are swept now and then by whichever request happens to draw it.
 */
export async function consumeRateLimit(
  db: SqlRunner,
  key: string,
  limit: number,
  windowSeconds: number,
  // What this attempt counts for (e.g. an RSA-4096 certificate counts as 4 RSA-2048 ones).
  cost = 1,
): Promise<RateDecision> {
  const rows = await db.$queryRaw<{ count: number; retry: number }[]>(countRateLimitSql(key, windowSeconds, cost));
  if (Math.random() < 0.01) await db.$executeRaw`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`;
  const decision = rateDecision(rows[0], limit, windowSeconds, cost, true);
  if (!decision.ok) countRefusal(key);
  return decision;
}

/** Gives back one slot of the current window (an attempt that turned out not to count, e.g. a good password). */
export async function releaseRateLimit(db: SqlRunner, key: string, windowSeconds: number): Promise<void> {
  await db.$executeRaw`
    UPDATE rate_limits SET count = count - 1
    WHERE key = ${key} AND window_start = ${windowStart(windowSeconds)} AND count > 0`;
}

/** Forgets every window of one key (a good password starts the count of its source and account again). */
export async function resetRateLimit(db: SqlRunner, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM rate_limits WHERE key = ${key}`;
}

/** Forgets every window of the keys that start with `prefix` (e.g. a password reset lifts the sign-in limits). */
export async function clearRateLimits(db: SqlRunner, prefix: string): Promise<void> {
  await db.$executeRaw`DELETE FROM rate_limits WHERE starts_with(key, ${prefix})`;
}

/**
 * For a limit counted in the rows it guards (runs in the last hour, connections of a tenant): takes a
 * transaction-scoped lock on the key, so the count and the insert that follows are one step across instances.
 * Call it first inside `$transaction`; the lock ends with the transaction.
 */
export async function lockLimit(tx: SqlRunner, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
