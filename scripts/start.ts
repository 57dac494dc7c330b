// `npm start`: the portal on the embedded PostgreSQL (or DATABASE_URL), migrations applied, secrets in place.
// `--standalone`: the same start from a standalone build (<distDir>/standalone/portal/start.mjs, bundled by
// scripts/build-standalone.ts), as the container runs it: no build check, the server and jobs as bundled JavaScript.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runMigrations } from "graphile-worker";
import path from "node:path";
import { masterKeyFile, readRetiredKeys } from "@/lib/crypto/key-files";
import type { EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { quietJobLogger } from "@/lib/jobs/worker";
import { parseEnv, EnvError } from "@/lib/env";
import { log } from "@/lib/log";
import { sourceFingerprint, stampFile } from "./build-fingerprint";
import { runWorkerOnly } from "./worker-process";

// The checkout, or the standalone folder when this file runs as <standalone>/portal/start.mjs.
const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const standalone = process.argv.includes("--standalone");
const SERVER_SCRIPT = path.join(root, standalone ? "portal/server.mjs" : "scripts/server.mjs");
// tsx as a loader, not its CLI: the CLI would put the jobs in a grandchild that a signal to this child misses.
const JOBS_COMMAND = standalone
  ? [path.join(root, "portal/jobs.mjs")]
  : ["--import=tsx", "--conditions=react-server", path.join(root, "scripts/jobs-process.ts")];
// A jobs child that died (the database was down at its start, a crash) is started again after this long.
const JOBS_RESTART_MS = 30_000;
// How long a stop waits for each child past its grace period (PORTAL_SHUTDOWN_GRACE_MS, for running Test connection
// runs) before SIGKILL: the interrupted runs' write, closing the pools and the jobs' last few seconds fit in it.
const STOP_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  const dataDir = path.resolve(root, process.env.PORTAL_DATA_DIR || ".data");
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const external = Boolean(env.DATABASE_URL);
  const production = env.NODE_ENV === "production";
  let db: EmbeddedDatabase | undefined;
  // Set once the environment is checked (lib/env.ts holds its default).
  let shutdownGraceMs = 0;

  const stop = async (code: number): Promise<never> => {
    await db?.stop().catch(() => undefined);
    process.exit(code);
  };

  try {
    for (const [name, file] of [
      ["PORTAL_MASTER_KEY", masterKeyFile(dataDir)],
      ["NEXTAUTH_SECRET", path.join(dataDir, "session.secret")],
    ] as const) {
      if (env[name]) continue;
      if (external && production) {
        throw new EnvError(
          `${name} is required with NODE_ENV=production and an external DATABASE_URL. Generate one with: openssl rand -base64 32`,
        );
      }
      // Loaded only when used: the container image has no embedded PostgreSQL.
      const { readOrCreateSecret } = await import("@/lib/db/embedded");
      env[name] = await readOrCreateSecret(file, () => randomBytes(32).toString("base64"));
      log.warn(
        { component: "start", file },
        `${name} is not set: using the generated one (mode 0600). Back it up; set ${name} in production.`,
      );
    }
    // Keys retired by `npm run key:rotate -- --new-key` stay readable until every row is re-encrypted.
    env.PORTAL_PREVIOUS_MASTER_KEYS ||= readRetiredKeys(dataDir).join(",");
    env.PORT ||= "3000";
    env.NEXTAUTH_URL ||= `http://localhost:${env.PORT}`;
    if (!external) {
      // Validate what the operator set before starting anything, with a placeholder for the URL we are about to make.
      parseEnv({ ...env, DATABASE_URL: "postgresql://placeholder" });
      const port = Number(env.PORTAL_EMBEDDED_PG_PORT || 54329);
      log.info({ component: "start", port, dataDir }, "starting embedded PostgreSQL on 127.0.0.1");
      const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
      db = await startEmbeddedPostgres({ dataDir, port });
      env.DATABASE_URL = db.url;
    }
    shutdownGraceMs = parseEnv(env).PORTAL_SHUTDOWN_GRACE_MS;
    for (const name of ["SALESFORCE_EXTRA_ALLOWED_ORIGINS", "SALESFORCE_TEST_LOGIN_ORIGINS"]) {
      if (env[name])
        log.warn(
          { component: "start" },
          `${name} is set. It is a test switch that lets Test connection reach local fake servers; never set it in production.`,
        );
    }
  } catch (error) {
    log.fatal(
      { component: "start" },
      error instanceof EnvError ? error.message : `could not start: ${(error as Error).message}`,
    );
    return stop(1);
  }

  try {
    const { applied } = await migrate(env.DATABASE_URL!, path.join(root, "prisma/migrations"));
    // The job queue's schema (graphile_worker): installed here too, so a web-only instance has it as well.
    await runMigrations({ connectionString: env.DATABASE_URL!, logger: quietJobLogger });
    log.info({ component: "start", applied }, "database ready");
  } catch (error) {
    log.fatal({ component: "start", err: (error as Error).message }, "database migration failed");
    return stop(1);
  }

  if (env.PORTAL_ROLE === "worker") return runWorkerOnly(env, stop);

  if (!dev && !standalone) {
    const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
    const distDir = path.join(root, process.env.NEXT_DIST_DIR || ".next");
    const stamp = stampFile(root);
    const fingerprint = sourceFingerprint(root);
    const built = existsSync(path.join(distDir, "BUILD_ID"));
    if (!built || !existsSync(stamp) || readFileSync(stamp, "utf8").trim() !== fingerprint) {
      log.info(
        { component: "start" },
        built
          ? "the code changed since the last build: running `next build` (about a minute)"
          : "no production build yet: running `next build` once (about a minute)",
      );
      const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
      if (build.status !== 0) return stop(build.status ?? 1);
      writeFileSync(stamp, `${fingerprint}\n`);
    }
  }

  // PORTAL_ROLE=all: the jobs run in a child process of their own (scripts/jobs-process.ts) and the web server runs as
  // `web`, so neither waits for the other's event loop. Both stop with this process.
  const jobsInChild = (env.PORTAL_ROLE ?? "all") === "all";
  // scripts/server.mjs: Next's handler behind node:http, so the TCP peer address reaches the app (lib/request.ts).
  const server = spawn(
    process.execPath,
    [SERVER_SCRIPT, ...(dev ? ["--dev"] : []), ...(standalone ? ["--standalone"] : [])],
    {
      cwd: root,
      // PORTAL_JOBS_IN_SIBLING: readiness then checks that the jobs process's worker is alive (lib/health/readiness.ts).
      env: jobsInChild ? { ...env, PORTAL_ROLE: "web", PORTAL_JOBS_IN_SIBLING: "1" } : env,
      stdio: ["inherit", "inherit", "inherit", "ipc"],
    },
  );
  let jobs: ChildProcess | null = null;
  let stopping = false;
  let exitCode = 0;
  const finish = () => {
    if (server.exitCode === null && server.signalCode === null) return;
    if (jobs) return;
    if (db) log.info({ component: "start" }, "stopping embedded PostgreSQL");
    void stop(exitCode);
  };
  const startJobs = () => {
    const child = spawn(process.execPath, JOBS_COMMAND, {
      cwd: root,
      env: { ...env, PORTAL_ROLE: "worker" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    jobs = child;
    child.on("exit", (code, signal) => {
      jobs = null;
      if (stopping) return finish();
      log.error(
        { component: "start", signal, code },
        `background jobs stopped unexpectedly; restarting them in ${JOBS_RESTART_MS / 1000} s`,
      );
      setTimeout(() => {
        if (!stopping) startJobs();
      }, JOBS_RESTART_MS);
    });
  };
  if (jobsInChild) startJobs();

  const shutdown = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ component: "start", reason }, "stopping");
    // Both children wait for their running tests up to the grace period, then record the rest as interrupted;
    // finish() stops the embedded PostgreSQL only once both have exited.
    const killAfter = shutdownGraceMs + STOP_MARGIN_MS;
    for (const child of [server, jobs]) {
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), killAfter).unref();
    }
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.on("exit", (code) => {
    if (!stopping) {
      exitCode = code ?? 1;
      shutdown(`the web server exited (code ${exitCode})`);
    }
    finish();
  });
}

void main();
