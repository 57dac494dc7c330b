import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { getRunHistories } from "@/lib/connections/history";
import type { HistoryRun } from "@/lib/connections/history-summary";
import { CONNECTION_STATUSES, type ConnectionStatus } from "@/lib/connections/status";
import type { StalledStage } from "@/lib/dashboard/labels";
import { getDashboardPictures, type DashboardPictures } from "@/lib/dashboard/pictures";
import { DASHBOARD_PAGE_SIZE, type DashboardFilter, type DashboardSort } from "@/lib/dashboard/schemas";
import {
  CLI_TICKED,
  FAILING_SINCE,
  filterConditions,
  IS_EXPIRING,
  IS_STALLED,
  STAGE,
  TICKED,
} from "@/lib/dashboard/sql";
import { diagnosisTitle } from "@/lib/salesforce/diagnosis-titles";
import type { Environment, TestOutcome } from "@/lib/db/generated/enums";

// Every tenant's connections for the staff dashboard, in a fixed number of SQL queries whatever the filter: the page
// of rows (tenant, latest run and triage facts joined in), the counts per status, each picture's aggregate, and the
// page's run histories.

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
  // The latest run's diagnosis title (the catalogue's, else the one the run stored).
  lastTitle: string | null;
  failingSince: Date | null;
  statusSince: Date | null;
  // Set only for stalled onboarding: the step it stopped before, and the steps ticked (manual checklist, CLI path).
  stalled: { stage: StalledStage; ticked: number; cliTicked: number } | null;
  certificateExpiresAt: Date | null;
  username: string | null;
  instanceHost: string | null;
  history: HistoryRun[];
};

export type Dashboard = {
  rows: DashboardRow[];
  // Per status, for the current filter with the status filter itself left out.
  counts: Record<ConnectionStatus, number>;
  // Rows matching the whole filter, status included.
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  pictures: DashboardPictures;
};

type PageRow = Omit<DashboardRow, "instanceHost" | "lastTitle" | "stalled" | "history"> & {
  instanceUrl: string | null;
  storedTitle: string | null;
  stage: StalledStage | "done";
  isStalled: boolean;
  ticked: number;
  cliTicked: number;
};

// Fixed fragments keyed by the validated sort (never user text). Nulls (never tested, no certificate) go last.
// Triage: failed first, longest failing first; then expired or expiring soon, soonest first; then the newest test.
const ORDER: Record<DashboardSort, (alias: string) => Prisma.Sql> = {
  triage: (a) =>
    Prisma.raw(
      `${a}.triage_rank, ${a}.failing_since ASC NULLS LAST, CASE WHEN ${a}.triage_rank = 1 THEN ${a}.certificate_expires_at END ASC, ${a}.last_tested_at DESC NULLS LAST, ${a}.id`,
    ),
  "last-test-desc": (a) => Prisma.raw(`${a}.last_tested_at DESC NULLS LAST, ${a}.id`),
  "last-test-asc": (a) => Prisma.raw(`${a}.last_tested_at ASC NULLS LAST, ${a}.id`),
  "expiry-asc": (a) => Prisma.raw(`${a}.certificate_expires_at ASC NULLS LAST, ${a}.id`),
  "expiry-desc": (a) => Prisma.raw(`${a}.certificate_expires_at DESC NULLS LAST, ${a}.id`),
};

// Only the triage order needs the failing-since lookup for every candidate row; other orders skip it.
function triageColumns(sort: DashboardSort): Prisma.Sql {
  if (sort !== "triage") return Prisma.sql`0 AS triage_rank, NULL::timestamptz AS failing_since`;
  return Prisma.sql`CASE WHEN c.status = 'failed' THEN 0 WHEN ${IS_EXPIRING} THEN 1 ELSE 2 END AS triage_rank,
    CASE WHEN c.status = 'failed' THEN ${FAILING_SINCE} END AS failing_since`;
}

export async function getDashboard(filter: DashboardFilter, db: Db = getDb()): Promise<Dashboard> {
  const offset = (filter.page - 1) * DASHBOARD_PAGE_SIZE;
  const [page, grouped, pictures] = await Promise.all([
    // Sort and skip on the narrow connections table alone; join the tenant and latest run for the page's rows only.
    db.$queryRaw<PageRow[]>`
      SELECT c.id::text, c.name, c.tenant_id::text AS "tenantId", t.name AS "tenantName", c.environment::text AS environment,
             c.status::text AS status, c.last_tested_at AS "lastTestedAt", c.status_since AS "statusSince", c.certificate_expires_at AS "certificateExpiresAt",
             c.username, c.instance_url AS "instanceUrl",
             r.outcome::text AS "lastOutcome", r.error_code AS "lastErrorCode", r.failed_step AS "lastFailedStep", r.summary AS "lastSummary",
             (SELECT s->'diagnosis'->>'title' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.steps) = 'array' THEN r.steps ELSE '[]' END) s
              WHERE s->>'status' IN ('failed', 'warning') AND s->'diagnosis' ? 'title'
              ORDER BY s->>'status' = 'failed' DESC LIMIT 1) AS "storedTitle",
             CASE WHEN c.status = 'failed' THEN ${FAILING_SINCE} END AS "failingSince",
             ${STAGE} AS stage, ${IS_STALLED} AS "isStalled", ${TICKED} AS ticked, ${CLI_TICKED} AS "cliTicked"
      FROM (
        SELECT * FROM (
          SELECT c.id, c.last_tested_at, c.certificate_expires_at, ${triageColumns(filter.sort)}
          FROM connections c
          ${filterConditions(filter, true)}
        ) c
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
      ${filterConditions(filter, false)}
      GROUP BY c.status`,
    getDashboardPictures(filter.q, db),
  ]);
  const histories = await getRunHistories(
    page.map((r) => r.id),
    { db },
  );
  const counts = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, 0])) as Record<ConnectionStatus, number>;
  for (const { status, n } of grouped) counts[status] = n;
  const total = filter.status ? counts[filter.status] : CONNECTION_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  return {
    rows: page.map((row) => toRow(row, histories.get(row.id) ?? [])),
    counts,
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE)),
    pageSize: DASHBOARD_PAGE_SIZE,
    pictures,
  };
}

// The page query selects a DashboardRow's columns, with the instance URL in place of its host and the raw triage facts.
function toRow(
  { instanceUrl, storedTitle, stage, isStalled, ticked, cliTicked, ...row }: PageRow,
  history: HistoryRun[],
): DashboardRow {
  const catalogued = row.lastErrorCode ? diagnosisTitle(row.lastErrorCode) : undefined;
  return {
    ...row,
    lastTitle: catalogued ?? storedTitle,
    stalled: isStalled && stage !== "done" ? { stage, ticked, cliTicked } : null,
    instanceHost: hostOf(instanceUrl),
    history,
  };
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
