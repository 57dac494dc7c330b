import "server-only";
import type { Db } from "@/lib/db/client";

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window counter in PostgreSQL: one upsert per request, so the limit holds across every portal instance.
 * Old windows are swept now and then by whichever request happens to draw it.
 */
export async function consumeRateLimit(
  db: Db,
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
    : { ok: false, retryAfterSeconds: Math.max(1, row.retry) };
}
