import { getDb } from "@/lib/db/client";

// Readiness: the portal can reach its database. /api/health stays a cheap liveness answer (no database), so a
// restarting PostgreSQL makes instances "not ready" (503) without making a supervisor restart a healthy process.
export const dynamic = "force-dynamic";

const DATABASE_WAIT_MS = 2_000;

export async function GET(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_WAIT_MS);
  });
  const ping = getDb().$queryRaw`SELECT 1`.then(() => true).catch(() => false);
  const up = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  if (up) return Response.json({ ok: true, database: "up" }, { headers });
  return Response.json(
    { ok: false, database: "unreachable" },
    { status: 503, headers: { ...headers, "Retry-After": "5" } },
  );
}
