import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { CONNECTION_STATUSES, type ConnectionStatus } from "@/lib/connections/status";
import { DASHBOARD_PAGE_SIZE, type DashboardFilter, type DashboardSort } from "@/lib/dashboard/schemas";
import type { Environment, TestOutcome } from "@/lib/db/generated/enums";

// Every tenant's connections for the staff dashboard: exactly two SQL queries per page, whatever the
// filter (the page of rows with its tenant and latest run joined in, and the counts per status).

export type DashboardRow = {
  id: string;
  name: string;
  tenantId: string;
  tenantName: string;
  environment: Environment | null;
  status: ConnectionStatus;
  lastTestedAt: Date | null;
  lastOutcome: TestOutcome | null;
  lastErrorCode: string | null;
  lastFailedStep: string | null;
  lastSummary: string | null;
  certificateExpiresAt: Date | null;
  username: string | null;
  instanceHost: string | null;
};

export type Dashboard = {
  rows: DashboardRow[];
  // Per status, for the current search and expiry filter (the status filter itself is left out).
  counts: Record<ConnectionStatus, number>;
  // Rows matching the whole filter, status included.
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
};

type PageRow = Omit<DashboardRow, "instanceHost"> & { instanceUrl: string | null };

// Fixed fragments keyed by the validated sort (never user text). Nulls (never tested, no certificate) go last.
const ORDER: Record<DashboardSort, (alias: string) => Prisma.Sql> = {
  "last-test-desc": (a) => Prisma.raw(`${a}.last_tested_at DESC NULLS LAST, ${a}.id`),
  "last-test-asc": (a) => Prisma.raw(`${a}.last_tested_at ASC NULLS LAST, ${a}.id`),
  "expiry-asc": (a) => Prisma.raw(`${a}.certificate_expires_at ASC NULLS LAST, ${a}.id`),
  "expiry-desc": (a) => Prisma.raw(`${a}.certificate_expires_at DESC NULLS LAST, ${a}.id`),
};

export async function getDashboard(filter: DashboardFilter, db: Db = getDb()): Promise<Dashboard> {
  const offset = (filter.page - 1) * DASHBOARD_PAGE_SIZE;
  const [page, grouped] = await Promise.all([
    // Sort and skip on the narrow connections table alone; join the tenant and latest run for the page's rows only.
    db.$queryRaw<PageRow[]>`
      SELECT c.id::text, c.name, c.tenant_id::text AS "tenantId", t.name AS "tenantName", c.environment::text AS environment,
             c.status::text AS status, c.last_tested_at AS "lastTestedAt", c.certificate_expires_at AS "certificateExpiresAt",
             c.username, c.instance_url AS "instanceUrl",
             r.outcome::text AS "lastOutcome", r.error_code AS "lastErrorCode", r.failed_step AS "lastFailedStep", r.summary AS "lastSummary"
      FROM (
        SELECT c.id, c.last_tested_at, c.certificate_expires_at
        FROM connections c
        ${where(filter, true)}
        ORDER BY ${ORDER[filter.sort]("c")}
        LIMIT ${DASHBOARD_PAGE_SIZE} OFFSET ${offset}
      ) page
      JOIN connections c ON c.id = page.id
      JOIN tenants t ON t.id = c.tenant_id
      LEFT JOIN test_runs r ON r.id = c.last_test_run_id
      ORDER BY ${ORDER[filter.sort]("page")}`,
    db.$queryRaw<{ status: ConnectionStatus; n: number }[]>`
      SELECT c.status::text AS status, count(*)::int AS n
      FROM connections c
      ${where(filter, false)}
      GROUP BY c.status`,
  ]);
  const counts = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, 0])) as Record<ConnectionStatus, number>;
  for (const { status, n } of grouped) counts[status] = n;
  const total = filter.status ? counts[filter.status] : CONNECTION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  return {
    rows: page.map(toRow),
    counts,
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE)),
    pageSize: DASHBOARD_PAGE_SIZE,
  };
}

function where(filter: DashboardFilter, withStatus: boolean): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    // A union of index lookups (pg_trgm GIN on each column) rather than an OR across a join, which scans every row.
    conditions.push(Prisma.sql`c.id IN (
      SELECT s.id FROM connections s WHERE s.username ILIKE ${pattern} OR s.instance_url ILIKE ${pattern}
      UNION
      SELECT s.id FROM connections s JOIN tenants st ON st.id = s.tenant_id WHERE st.name ILIKE ${pattern})`);
  }
  // "Expires within N days" includes certificates that have already expired: those need action first.
  if (filter.expires !== undefined) {
    conditions.push(Prisma.sql`c.certificate_expires_at < now() + make_interval(days => ${filter.expires}::int)`);
  }
  if (withStatus && filter.status) conditions.push(Prisma.sql`c.status = ${filter.status}::"ConnectionStatus"`);
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

// The search is a substring, not a pattern: % and _ typed by staff match themselves.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// The page query selects exactly a DashboardRow's columns, with the instance URL in place of its host.
function toRow({ instanceUrl, ...row }: PageRow): DashboardRow {
  return { ...row, instanceHost: hostOf(instanceUrl) };
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
