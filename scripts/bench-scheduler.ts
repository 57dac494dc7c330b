// `npm run bench:scheduler` (after `npm run build`): BENCH_SCHEDULER_COUNT (20,000) due connections, their scheduled
// re-tests enqueued by the minute tick's own query and run by the real portal (PORTAL_ROLE=all: the jobs child
// process of scripts/start.ts) against the fake Salesforce in this process, each request delayed 50 ms. Prints the
// throughput and the p99 of /api/health while the jobs run. Targets: ≥ 50 tests/s, p99 ≤ 50 ms.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runMigrations } from "graphile-worker";
import pg from "pg";
import { generateCertificate } from "@/lib/crypto/certificate";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { enqueueDueRetests } from "@/lib/jobs/retest-queue";
import { startFakeSalesforce } from "../tests/fake-salesforce/server";
import { BENCH_CERTIFICATE_REQUEST } from "./bench/certificate-request";
import { startPortal } from "./bench/portal-process";
import { seedDueConnections } from "./bench/scheduler-seed";
import { ms, summary } from "./bench/stats";

const COUNT = Number(process.env.BENCH_SCHEDULER_COUNT ?? 20_000);
// Bounded: each running job holds one of the worker pool's connections; the wait is mostly Salesforce's latency.
const CONCURRENCY = Number(process.env.BENCH_SCHEDULER_CONCURRENCY ?? 48);
// BENCH_SCHEDULER_SPLIT=1: a web-only portal plus a worker process (PORTAL_ROLE=web and npm run worker).
const SPLIT = process.env.BENCH_SCHEDULER_SPLIT === "1";
const LATENCY_MS = 50;
const TARGET_PER_SECOND = 50;
const TARGET_HEALTH_P99_MS = 50;
const USERNAME = "bench@scheduler.example";

const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-scheduler-"));
await chmod(tmp, 0o711); // the embedded cluster runs as the postgres user when we are root
const pgPort = Number(process.env.BENCH_PG_PORT ?? 30000 + Math.floor(Math.random() * 10000));
const database = await startEmbeddedPostgres({ dataDir: path.join(tmp, "data"), port: pgPort });
const fake = await startFakeSalesforce({ port: 0 });
process.env.DATABASE_URL = database.url;
process.env.PORTAL_MASTER_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
let failed = false;
try {
  await migrate(database.url);
  await runMigrations({ connectionString: database.url });
  const certificate = await generateCertificate(BENCH_CERTIFICATE_REQUEST);
  const clientId = `3MVG9${randomUUID().replaceAll("-", "")}${"x".repeat(40)}`;
  fake.addApp({
    clientId,
    certificatePem: certificate.certificatePem,
    usernames: [USERNAME],
    acceptedAudiences: [fake.origin],
  });
  fake.setFault({ kind: "delay", ms: LATENCY_MS }, "all");
  const seeded = Date.now();
  await seedDueConnections(database.url, COUNT, certificate, {
    username: USERNAME,
    clientId,
    instanceUrl: fake.origin,
  });
  console.log(`Seeded ${COUNT} connections due for a re-test in ${((Date.now() - seeded) / 1000).toFixed(1)} s.`);

  const env = {
    PORTAL_MASTER_KEY: process.env.PORTAL_MASTER_KEY,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    PORTAL_WORKER_CONCURRENCY: String(CONCURRENCY),
    SALESFORCE_EXTRA_ALLOWED_ORIGINS: fake.origin,
    KEY_POOL_SIZE: "0",
  };
  const portal = await startPortal({
    databaseUrl: database.url,
    port: Number(process.env.BENCH_PORT ?? 40000 + Math.floor(Math.random() * 10000)),
    env: { ...env, PORTAL_ROLE: SPLIT ? "web" : "all" },
  });
  const worker = SPLIT
    ? spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/start.ts"], {
        cwd: path.resolve(import.meta.dirname, ".."),
        env: { ...process.env, ...env, DATABASE_URL: database.url, PORTAL_ROLE: "worker" },
        stdio: ["ignore", "ignore", "inherit"],
      })
    : null;
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    // The tick's own query, called until every due connection has its job (it adds 5,000 at most per call).
    const enqueueStart = Date.now();
    let enqueued = 0;
    for (let added = -1; added !== 0; enqueued += added) added = await enqueueDueRetests(pool);
    console.log(`Enqueued ${enqueued} re-test jobs in ${((Date.now() - enqueueStart) / 1000).toFixed(1)} s.`);

    const health: number[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const at = performance.now();
        const response = await fetch(`${portal.baseUrl}/api/health`);
        await response.arrayBuffer();
        health.push(performance.now() - at);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const remaining = async () =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM graphile_worker.jobs`)).rows[0]!.n);
    const deadline = Date.now() + 30 * 60_000;
    let left = await remaining();
    for (let tick = 1; left > 0 && Date.now() < deadline; tick += 1) {
      await new Promise((r) => setTimeout(r, 2_000));
      left = await remaining();
      if (tick % 15 === 0) console.log(`${left} jobs left`);
    }
    probing = false;
    await prober;
    const { rows } = await pool.query<{ runs: string; connected: string; first: Date; last: Date }>(
      `SELECT count(*) AS runs, count(*) FILTER (WHERE outcome = 'connected') AS connected,
              min(started_at) AS first, max(finished_at) AS last FROM test_runs WHERE scheduled`,
    );
    const r = rows[0]!;
    const seconds = (r.last.getTime() - r.first.getTime()) / 1000;
    const perSecond = Number(r.runs) / seconds;
    const h = summary(health);
    console.log(
      `Scheduled re-tests: ${r.runs} recorded (${r.connected} connected) in ${seconds.toFixed(1)} s: ${perSecond.toFixed(1)} tests/s with ${CONCURRENCY} at a time${SPLIT ? " in a worker process beside a web-only portal" : " in the portal's jobs child process"} (target ≥ ${TARGET_PER_SECOND})`,
    );
    console.log(
      `GET /api/health meanwhile: ${h.n} requests, median ${ms(h.median)}, p99 ${ms(h.p99)}, max ${ms(h.max)} (target p99 ≤ ${TARGET_HEALTH_P99_MS} ms)`,
    );
    const { rows: tested } = await pool.query<{ n: string }>(
      `SELECT count(DISTINCT connection_id) AS n FROM test_runs WHERE scheduled`,
    );
    const distinct = Number(tested[0]!.n);
    failed = distinct !== COUNT || perSecond < TARGET_PER_SECOND || h.p99 > TARGET_HEALTH_P99_MS;
    if (distinct !== COUNT) console.error(`Expected all ${COUNT} connections re-tested, got ${distinct}.`);
  } finally {
    await pool.end();
    if (worker && worker.exitCode === null) {
      worker.kill("SIGTERM");
      await new Promise((resolve) => worker.once("exit", resolve));
    }
    await portal.stop();
  }
} catch (error) {
  console.error(`bench:scheduler failed: ${(error as Error).message}`);
  failed = true;
} finally {
  await fake.close();
  await database.stop();
  await rm(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
