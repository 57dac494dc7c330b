import { getDb } from "@/lib/db/client";

/**
 * Waits, when the current fixed window (lib/limits/rate-limit.ts) has less than `marginSeconds` left, for the next
 * one: a test that spends a limit and then expects the refusal must do both in one window. The window's edge is read
 * from PostgreSQL's clock, as the limiter reads it.
 */
export async function inOneWindow(windowSeconds: number, marginSeconds = 30): Promise<void> {
  const [row] = await getDb().$queryRaw<{ left: number }[]>`
    SELECT (${windowSeconds} - mod(extract(epoch FROM now())::numeric, ${windowSeconds}))::float8 AS left`;
  if (row!.left < marginSeconds) await new Promise((resolve) => setTimeout(resolve, row!.left * 1000 + 250));
}
