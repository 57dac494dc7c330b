import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { open, seal } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import type { Db } from "@/lib/db/client";
import { bootGoneSql } from "@/lib/db/boot-lock";
import { Prisma } from "@/lib/db/generated/client";
import { jobRunnerState } from "@/lib/jobs/runner-state";
import { isDraining } from "@/lib/shutdown/in-flight-runs";

// /api/health/ready: may this instance take traffic? Each check is named, so a 503 says which one failed:
//   database:   SELECT 1 answers within 2 s;
//   migrations: every migration this build ships is applied (an instance started on an older schema is not ready);
//   masterKey:  the master keys open the sentinel row, so keys sealed in this database can be opened;
//   jobs:       the job runner is alive: this process's, or (npm start, PORTAL_ROLE=all) the jobs process's worker.

type CheckResult = { ok: boolean; detail: string };
export type Readiness = { ok: boolean; checks: Record<"database" | "migrations" | "masterKey" | "jobs", CheckResult> };

const DATABASE_WAIT_MS = 2_000;
const SENTINEL_AAD = "sf-portal:master-key-sentinel";
const SENTINEL_TEXT = "the portal's master key opens this row";

let shipped: Promise<string[]> | undefined;
/** The migrations this build ships (prisma/migrations, beside the server in every layout the README describes). */
function shippedMigrations(dir = path.resolve(process.cwd(), "prisma/migrations")): Promise<string[]> {
  shipped ??= readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true }).then((entries) =>
    entries.filter((e) => e.isDirectory()).map((e) => e.name),
  );
  return shipped;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(db: Db, opts: { migrations?: readonly string[] } = {}): Promise<Readiness> {
  // A stopping process (lib/shutdown/drain.ts) takes no new work: the load balancer must route elsewhere.
  if (isDraining()) {
    const stopping = { ok: false, detail: "shutting down" };
    return { ok: false, checks: { database: stopping, migrations: stopping, masterKey: stopping, jobs: stopping } };
  }
  const database = await withTimeout(db.$queryRaw`SELECT 1`, DATABASE_WAIT_MS).then(
    () => ({ ok: true, detail: "up" }),
    // No driver message here: the route is public, and it may name hosts and users.
    () => ({ ok: false, detail: "unreachable" }),
  );
  const skipped = { ok: false, detail: "not checked: the database is unreachable" };
  const [migrations, masterKey] = database.ok
    ? await Promise.all([checkMigrations(db, opts.migrations), checkMasterKey(db)])
    : [skipped, skipped];
  const jobs = database.ok ? await checkJobs(db) : skipped;
  const checks = { database, migrations, masterKey, jobs };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

// npm start with PORTAL_ROLE=all runs the jobs in a sibling process (scripts/start.ts): a live worker recorded with a
// boot lock still held (lib/jobs/dead-workers.ts) stands for it. Its first minute is for it to start.
const SIBLING_GRACE_SECONDS = 60;

async function checkJobs(db: Db): Promise<CheckResult> {
  const runner = jobRunnerState();
  if (runner.state === "stopped") return { ok: false, detail: runner.why };
  if (runner.state !== "not-here") return { ok: true, detail: runner.state };
  if (process.env.PORTAL_JOBS_IN_SIBLING !== "1")
    return { ok: true, detail: "not run in this process (PORTAL_ROLE=web)" };
  const rows = await db.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::int AS n FROM job_workers w WHERE NOT ${bootGoneSql(Prisma.sql`w.boot_id`)}`,
  );
  if ((rows[0]?.n ?? 0) > 0) return { ok: true, detail: "running in the jobs process" };
  return process.uptime() < SIBLING_GRACE_SECONDS
    ? { ok: true, detail: "the jobs process is starting" }
    : { ok: false, detail: "the jobs process has no live worker (npm start restarts it within 30 s)" };
}

async function checkMigrations(db: Db, expected?: readonly string[]): Promise<CheckResult> {
  try {
    const names = expected ?? (await shippedMigrations());
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((r) => r.migration_name));
    const missing = names.filter((n) => !applied.has(n));
    return missing.length === 0
      ? { ok: true, detail: `${names.length} applied` }
      : {
          ok: false,
          detail: `${missing.length} not applied (${missing.slice(0, 3).join(", ")}): run npm run db:migrate`,
        };
  } catch {
    return { ok: false, detail: "could not be read" };
  }
}

/**
 * Opens the sentinel with the known master keys. The first check writes it; one sealed with a retired key is re-sealed
 * with the current one, so `key:rotate -- --drop-retired` never strands it.
 */
async function checkMasterKey(db: Db): Promise<CheckResult> {
  try {
    const { current, all } = getMasterKeys();
    await db.$executeRaw`INSERT INTO master_key_sentinel (id, sealed) VALUES (1, ${seal(SENTINEL_TEXT, SENTINEL_AAD, current)})
                         ON CONFLICT (id) DO NOTHING`;
    const row = await db.masterKeySentinel.findUniqueOrThrow({ where: { id: 1 } });
    let text: string;
    try {
      text = open(row.sealed, SENTINEL_AAD, all).toString("utf8");
    } catch {
      return {
        ok: false,
        detail:
          "PORTAL_MASTER_KEY (and PORTAL_PREVIOUS_MASTER_KEYS) do not open this database's keys: start the portal with the master key this database was set up with",
      };
    }
    if (text !== SENTINEL_TEXT) return { ok: false, detail: "the sentinel row holds something else" };
    if (!row.sealed.startsWith(`v1:${current.id}:`))
      await db.masterKeySentinel.updateMany({
        where: { id: 1, sealed: row.sealed },
        data: { sealed: seal(SENTINEL_TEXT, SENTINEL_AAD, current) },
      });
    return { ok: true, detail: "opens" };
  } catch {
    return { ok: false, detail: "could not be checked" };
  }
}
