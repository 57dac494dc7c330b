import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";

// Readiness: may this instance take traffic? 200 with every check, or 503 naming the failing ones
// (lib/health/readiness.ts: database, migrations, master key, job runner). Liveness is /api/health/live (no
// database), so a restarting PostgreSQL makes instances "not ready" without making a supervisor restart them.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  const { ok, checks } = await checkReadiness(getDb());
  if (ok) return Response.json({ ok: true, checks }, { headers });
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return Response.json({ ok: false, failing, checks }, { status: 503, headers: { ...headers, "Retry-After": "5" } });
}
