import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { CHECKLIST_STEP_IDS, CLI_STEP_IDS } from "@/lib/connections/checklist";
import { EXPIRY_WARNING_DAYS } from "@/lib/dates";
import type { DashboardFilter } from "@/lib/dashboard/schemas";

// SQL fragments the dashboard's queries share, on a connections row aliased `c`. Fixed text, never user input.

// Onboarding starts counting as stalled this long after the connection was created.
const STALLED_AFTER_DAYS = 3;
// The top failure reasons look this far back.
export const REASON_WINDOW_DAYS = 7;

const SUCCESS = `('connected', 'warnings')`;

// A failed connection's first failed run after its last successful one (or its first run, if it never connected).
// One max() per outcome rather than an IN list, so each is a single ordered index walk that stops at the first match.
const lastRun = (outcome: string) =>
  `(SELECT max(s.started_at) FROM test_runs s WHERE s.connection_id = c.id AND s.outcome = '${outcome}')`;
export const FAILING_SINCE = Prisma.raw(`(
  SELECT min(f.started_at) FROM test_runs f
  WHERE f.connection_id = c.id AND f.outcome = 'failed'
    AND f.started_at > COALESCE(GREATEST(${lastRun("connected")}, ${lastRun("warnings")}), '-infinity'))`);

// Some run ever connected (the status says so for most rows without touching test_runs). LIMIT 1 keeps the lookup
// a per-row index probe for the failed rows only, instead of a semi-join over every run.
const EVER_CONNECTED = `(c.status IN ${SUCCESS} OR (c.status = 'failed'
  AND EXISTS (SELECT 1 FROM test_runs s WHERE s.connection_id = c.id AND s.outcome IN ${SUCCESS} LIMIT 1)))`;

const HAS_CERTIFICATE = `c.certificate_expires_at IS NOT NULL`;
const FIELDS_SAVED = `(c.username IS NOT NULL AND c.client_id IS NOT NULL AND c.instance_url IS NOT NULL AND c.environment IS NOT NULL)`;

// Where onboarding stands: the first step not reached yet ('done' once a test connected); `ever` is EVER_CONNECTED.
const stageOf = (ever: string) => `CASE
  WHEN ${ever} THEN 'done'
  WHEN NOT ${HAS_CERTIFICATE} THEN 'certificate'
  WHEN NOT ${FIELDS_SAVED} THEN 'fields'
  WHEN c.last_tested_at IS NULL THEN 'test'
  ELSE 'connect' END`;
const stalledOf = (ever: string) => `(c.created_at < now() - interval '${STALLED_AFTER_DAYS} days' AND NOT ${ever})`;

export const STAGE = Prisma.raw(stageOf(EVER_CONNECTED));
export const IS_STALLED = Prisma.raw(stalledOf(EVER_CONNECTED));

// Connections with their onboarding stage and stalled flag, the run lookup done once per row (OFFSET 0 keeps the
// planner from inlining `ever` into both expressions). `where` filters the connections first.
export function onboardingFacts(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT c.*, ${Prisma.raw(stageOf("c.ever"))} AS stage, ${Prisma.raw(stalledOf("c.ever"))} AS stalled
    FROM (SELECT c.*, ${Prisma.raw(EVER_CONNECTED)} AS ever FROM connections c ${where} OFFSET 0) c`;
}

// Steps the customer ticked (only known step ids count): the manual checklist's, and the CLI path's.
const ticksOf = (ids: readonly string[]) =>
  Prisma.raw(
    `(SELECT count(*)::int FROM jsonb_each(c.checklist) e
    WHERE e.value = 'true'::jsonb AND e.key IN (${ids.map((id) => `'${id}'`).join(", ")}))`,
  );
export const TICKED = ticksOf(CHECKLIST_STEP_IDS);
export const CLI_TICKED = ticksOf(CLI_STEP_IDS);

export const IS_EXPIRING = Prisma.raw(`c.certificate_expires_at < now() + interval '${EXPIRY_WARNING_DAYS} days'`);

// The tiles' filters.
const VIEW: Record<NonNullable<DashboardFilter["view"]>, Prisma.Sql> = {
  failed: Prisma.raw(`c.status = 'failed'`),
  warnings: Prisma.raw(`c.status = 'warnings'`),
  expiring: IS_EXPIRING,
  stalled: IS_STALLED,
};

// The search alone: what the tiles and pictures count.
export function searchCondition(q: string): Prisma.Sql | null {
  if (!q) return null;
  const pattern = `%${escapeLike(q)}%`;
  // A union of index lookups (pg_trgm GIN on each column) rather than an OR across a join, which scans every row.
  return Prisma.sql`c.id IN (
    SELECT s.id FROM connections s WHERE s.username ILIKE ${pattern} OR s.instance_url ILIKE ${pattern}
    UNION
    SELECT s.id FROM connections s JOIN tenants st ON st.id = s.tenant_id WHERE st.name ILIKE ${pattern})`;
}

// The table's filter; the status counts leave the status itself out.
export function filterConditions(filter: DashboardFilter, withStatus: boolean): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  const search = searchCondition(filter.q);
  if (search) conditions.push(search);
  // "Expires within N days" includes certificates that have already expired: those need action first.
  if (filter.expires !== undefined) {
    conditions.push(Prisma.sql`c.certificate_expires_at < now() + make_interval(days => ${filter.expires}::int)`);
  }
  if (filter.view) conditions.push(VIEW[filter.view]);
  if (filter.failing === "24h")
    conditions.push(Prisma.raw(`c.status = 'failed' AND c.status_since < now() - interval '24 hours'`));
  if (filter.week === -1) conditions.push(Prisma.sql`c.certificate_expires_at < now()`);
  else if (filter.week !== undefined) {
    conditions.push(Prisma.sql`c.certificate_expires_at >= now() + make_interval(weeks => ${filter.week}::int)
      AND c.certificate_expires_at < now() + make_interval(weeks => ${filter.week + 1}::int)`);
  }
  if (filter.reason) {
    // Pruned by the indexed last test: a run of the window finished, so the connection was tested in it.
    conditions.push(Prisma.sql`c.last_tested_at > now() - make_interval(days => ${REASON_WINDOW_DAYS}::int)
      AND EXISTS (SELECT 1 FROM test_runs r WHERE r.connection_id = c.id AND r.outcome = 'failed'
        AND r.error_code = ${filter.reason} AND r.started_at > now() - make_interval(days => ${REASON_WINDOW_DAYS}::int))`);
  }
  if (withStatus && filter.status) conditions.push(Prisma.sql`c.status = ${filter.status}::"ConnectionStatus"`);
  return where(conditions);
}

export function where(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

// The search is a substring, not a pattern: % and _ typed by staff match themselves.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
