// npm run bench:dashboard: p50/p95 server time of the staff dashboard's data function (what app/(staff)/support/page.tsx
// awaits: the table, the counts, the tiles and pictures, the history strips) on a database filled by
// `npm run seed:large`, plus the SQL queries each page issues (must be constant).
// Exits 1 if a p95 exceeds the target or the query count varies.
import { PrismaPg } from "@prisma/adapter-pg";
import { openCliDatabase } from "./cli-database";
import { PrismaClient } from "@/lib/db/generated/client";
import { migrate } from "@/lib/db/migrate";
import { getDashboard } from "@/lib/dashboard/queries";
import { parseDashboardFilter } from "@/lib/dashboard/schemas";

const RUNS = Number(process.env.BENCH_RUNS || 30);
const WARMUP = 3;
const TARGET_P95_MS = 150;

const CASES: { name: string; query: Record<string, string> }[] = [
  { name: "first page (triage order)", query: {} },
  { name: "first page, newest test first", query: { sort: "last-test-desc" } },
  { name: "tile: stalled onboarding", query: { view: "stalled" } },
  { name: "tile: failed", query: { view: "failed" } },
  { name: "expiry bar (week 2)", query: { week: "2" } },
  { name: "failure reason (timeout)", query: { reason: "timeout" } },
  { name: "status filter (failed)", query: { status: "failed" } },
  { name: "search, tenant name (globex)", query: { q: "globex" } },
  { name: "search, instance host (wonka-42)", query: { q: "wonka-42" } },
  { name: "expires within 30 days", query: { expires: "30" } },
  { name: "deep page (500)", query: { page: "500" } },
  { name: "deep page (400), expiry sort", query: { page: "400", sort: "expiry-asc" } },
  { name: "search + status + expiry", query: { q: "labs", status: "connected", expires: "90", sort: "expiry-asc" } },
];

const database = await openCliDatabase();
const db = new PrismaClient({
  adapter: new PrismaPg({ connectionString: database.url, max: 10 }),
  log: [{ emit: "event", level: "query" }],
});
let queries = 0;
db.$on("query", () => void queries++);

try {
  await migrate(database.url);
  const connections = await db.connection.count();
  if (connections < 20_000)
    console.warn(`Only ${connections} connections: run \`npm run seed:large\` first for meaningful numbers.`);

  const results = [];
  for (const c of CASES) {
    const filter = parseDashboardFilter(c.query);
    const times: number[] = [];
    const perPage = new Set<number>();
    let rows = 0;
    let total = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const before = queries;
      const t0 = performance.now();
      const dashboard = await getDashboard(filter, db);
      const ms = performance.now() - t0;
      perPage.add(queries - before);
      if (i >= WARMUP) times.push(ms);
      rows = dashboard.rows.length;
      total = dashboard.total;
    }
    results.push({
      case: c.name,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      sql_per_page: [...perPage].join("/"),
      rows,
      matching: total,
    });
  }
  console.table(results);

  const counts = new Set(results.map((r) => r.sql_per_page));
  const slow = results.filter((r) => r.p95_ms > TARGET_P95_MS);
  console.log(
    `SQL queries per page: ${[...counts].join(", ")} (${counts.size === 1 && !results[0]!.sql_per_page.includes("/") ? "constant" : "NOT constant"})`,
  );
  console.log(
    slow.length
      ? `p95 over ${TARGET_P95_MS} ms: ${slow.map((r) => r.case).join(", ")}`
      : `Every p95 is within ${TARGET_P95_MS} ms.`,
  );
  if (counts.size !== 1 || results[0]!.sql_per_page.includes("/") || slow.length) process.exitCode = 1;
} finally {
  await db.$disconnect();
  await database.stop();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
