import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { EXPIRY_WEEKS } from "@/lib/dashboard/schemas";
import { IS_EXPIRING, onboardingFacts, REASON_WINDOW_DAYS, searchCondition, where } from "@/lib/dashboard/sql";
import { diagnosisTitle } from "@/lib/salesforce/diagnosis-titles";

// The triage tiles and the dashboard's pictures, for the connections matching the search: one aggregate query each.

type FunnelStep = { reached: number; stalled: number };

export type DashboardPictures = {
  tiles: { failed: number; expiring: number; stalled: number; warnings: number };
  // Each step counts the connections that reached it; stalled: stalled connections stopped just before it.
  funnel: { created: number; certificate: FunnelStep; fields: FunnelStep; tested: FunnelStep; connected: FunnelStep };
  // week -1: already expired; 0..11: expiring that many whole weeks from now (starting at `from`). Every bar is
  // present, zeros included.
  expiry: { week: number; from: Date; count: number }[];
  // The most common failure reasons of the last 7 days, most connections first.
  reasons: { code: string; title: string; connections: number; runs: number }[];
};

const TOP_REASONS = 6;
const WEEK_MS = 7 * 86_400_000;

type Overview = {
  failed: number;
  expiring: number;
  stalled: number;
  warnings: number;
  created: number;
  certificate: number;
  fields: number;
  tested: number;
  connected: number;
  stalled_certificate: number;
  stalled_fields: number;
  stalled_test: number;
  stalled_connect: number;
};

export async function getDashboardPictures(q: string, db: Db): Promise<DashboardPictures> {
  const search = searchCondition(q);
  const base = where(search ? [search] : []);
  const [[overview], weeks, reasons] = await Promise.all([
    db.$queryRaw<Overview[]>`
      SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
             count(*) FILTER (WHERE expiring)::int AS expiring,
             count(*) FILTER (WHERE stalled)::int AS stalled,
             count(*) FILTER (WHERE status = 'warnings')::int AS warnings,
             count(*)::int AS created,
             count(*) FILTER (WHERE stage IN ('fields', 'test', 'connect', 'done'))::int AS certificate,
             count(*) FILTER (WHERE stage IN ('test', 'connect', 'done'))::int AS fields,
             count(*) FILTER (WHERE stage IN ('connect', 'done'))::int AS tested,
             count(*) FILTER (WHERE stage = 'done')::int AS connected,
             count(*) FILTER (WHERE stalled AND stage = 'certificate')::int AS stalled_certificate,
             count(*) FILTER (WHERE stalled AND stage = 'fields')::int AS stalled_fields,
             count(*) FILTER (WHERE stalled AND stage = 'test')::int AS stalled_test,
             count(*) FILTER (WHERE stalled AND stage = 'connect')::int AS stalled_connect
      FROM (
        SELECT c.status::text AS status, COALESCE(${IS_EXPIRING}, false) AS expiring, c.stalled, c.stage
        FROM (${onboardingFacts(base)}) c
      ) x`,
    db.$queryRaw<{ week: number; count: number }[]>`
      SELECT CASE WHEN c.certificate_expires_at < now() THEN -1
                  ELSE floor(extract(epoch FROM c.certificate_expires_at - now()) / 604800)::int END AS week,
             count(*)::int AS count
      FROM connections c
      ${where([...(search ? [search] : []), Prisma.sql`c.certificate_expires_at < now() + make_interval(weeks => ${EXPIRY_WEEKS}::int)`])}
      GROUP BY 1`,
    // Driven by the indexed last test: only connections tested in the window can have a failed run in it.
    // The title: the catalogue's, else the one a sample run stored (codes a check words on the spot).
    db.$queryRaw<{ code: string; connections: number; runs: number; storedTitle: string | null }[]>`
      WITH top AS (
        SELECT r.error_code AS code, count(DISTINCT r.connection_id)::int AS connections, count(*)::int AS runs,
               max(r.id::text) AS sample
        FROM connections c
        JOIN test_runs r ON r.connection_id = c.id
          AND r.outcome = 'failed' AND r.error_code IS NOT NULL
          AND r.started_at > now() - make_interval(days => ${REASON_WINDOW_DAYS}::int)
        ${where([...(search ? [search] : []), Prisma.sql`c.last_tested_at > now() - make_interval(days => ${REASON_WINDOW_DAYS}::int)`])}
        GROUP BY r.error_code
        ORDER BY connections DESC, runs DESC, r.error_code
        LIMIT ${TOP_REASONS}
      )
      SELECT top.code, top.connections, top.runs,
             (SELECT s->'diagnosis'->>'title' FROM test_runs x CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(x.steps) = 'array' THEN x.steps ELSE '[]' END) s
              WHERE x.id = top.sample::uuid AND s->>'status' = 'failed' AND s->'diagnosis' ? 'title' LIMIT 1) AS "storedTitle"
      FROM top
      ORDER BY top.connections DESC, top.runs DESC, top.code`,
  ]);
  const o = overview!;
  const step = (reached: number, stalled: number): FunnelStep => ({ reached, stalled });
  const byWeek = new Map(weeks.map((w) => [w.week, w.count]));
  const now = Date.now();
  return {
    tiles: { failed: o.failed, expiring: o.expiring, stalled: o.stalled, warnings: o.warnings },
    funnel: {
      created: o.created,
      certificate: step(o.certificate, o.stalled_certificate),
      fields: step(o.fields, o.stalled_fields),
      tested: step(o.tested, o.stalled_test),
      connected: step(o.connected, o.stalled_connect),
    },
    expiry: Array.from({ length: EXPIRY_WEEKS + 1 }, (_, i) => ({
      week: i - 1,
      from: new Date(now + (i - 1) * WEEK_MS),
      count: byWeek.get(i - 1) ?? 0,
    })),
    reasons: reasons.map(({ storedTitle, ...r }) => ({ ...r, title: diagnosisTitle(r.code) ?? storedTitle ?? r.code })),
  };
}
