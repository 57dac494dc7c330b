import "server-only";
import type { Prisma } from "@/lib/db/generated/client";

// Anything that can run raw SQL: the client or an interactive transaction.
type SqlRunner = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export type RateDecision =
  | { ok: true; remaining: number }
  // `firstRefusal`: this is the window's first refused attempt (log or audit it once, not per attempt).
  | { ok: false; retryAfterSeconds: number; firstRefusal: boolean };

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
): Promise<RateDecision> {
  const rows = await db.$queryRaw<{ count: number; retry: number }[]>`
    INSERT INTO rate_limits (key, window_start, count)
    VALUES (${key}, to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}), 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
    RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS retry`;
  if (Math.random() < 0.01) await db.$executeRaw`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`;
  const row = rows[0];
  if (!row) return { ok: true, remaining: limit };
  return row.count <= limit
    ? { ok: true, remaining: limit - row.count }
    : { ok: false, retryAfterSeconds: Math.max(1, row.retry), firstRefusal: row.count === limit + 1 };
}

/** Gives back one slot of the current window (an attempt that turned out not to count, e.g. a good password). */
export async function releaseRateLimit(db: SqlRunner, key: string, windowSeconds: number): Promise<void> {
  await db.$executeRaw`
    UPDATE rate_limits SET count = count - 1
    WHERE key = ${key} AND window_start = to_timestamp(floor(extract(epoch FROM now()) / ${windowSeconds}) * ${windowSeconds}) AND count > 0`;
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
