import { createHash, timingSafeEqual } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { registerDatabaseGauges } from "@/lib/metrics/database-gauges";
import { metrics } from "@/lib/metrics/registry";

// Prometheus text format, behind `Authorization: Bearer $PORTAL_METRICS_TOKEN`. Without the variable the route does
// not exist (404), so an instance never exposes metrics by accident.
export const dynamic = "force-dynamic";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export async function GET(request: Request): Promise<Response> {
  const token = getEnv().PORTAL_METRICS_TOKEN;
  if (!token) return new Response("Not found\n", { status: 404 });
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!timingSafeEqual(digest(given), digest(token)))
    return new Response("Send Authorization: Bearer <PORTAL_METRICS_TOKEN>\n", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    });
  registerDatabaseGauges(getDb);
  const { register } = metrics();
  return new Response(await register.metrics(), {
    headers: { "Content-Type": register.contentType, "Cache-Control": "no-store" },
  });
}
