import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { sourceFingerprint, stampFile } from "../../scripts/build-fingerprint";
import { endWithWorker } from "./children";
import { E2E } from "./config";
import { suiteDatabaseUrl } from "./db";

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 150_000;
// Longer than start.ts's own SIGKILL of its children (the default 30 s grace + 10 s), so a stop is never a kill
// mid-drain.
const STOP_TIMEOUT_MS = 45_000;

export type PortalInstance = { name: string; url: string; logFile: string; stop(): Promise<void> };

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: suiteDatabaseUrl("postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database on the suite's server, so the instances' migrations and rows touch nothing of the suite's. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portal_scale_${randomBytes(4).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: suiteDatabaseUrl(name),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * One more portal through the real `npm start` path (scripts/start.ts) on an external DATABASE_URL. It reuses the
 * suite's production build: start.ts would build again if the sources changed since, and two instances building
 * into one folder at once would break each other, so that is refused here first.
 */
export async function startPortalInstance(
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<PortalInstance> {
  const stamp = readFileSync(stampFile(root), "utf8").trim();
  if (stamp !== sourceFingerprint(root))
    throw new Error("The production build is older than the sources: run `npm run build` before this spec.");
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(E2E.dataDir, `scale-${name}.log`);
  const log = createWriteStream(logFile);
  // tsx as a loader, not its CLI: a SIGTERM then reaches start.ts itself, which stops its web and jobs children.
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import=tsx", "--conditions=react-server", "scripts/start.ts"],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  endWithWorker(child, "SIGTERM");
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`portal ${name} exited at start (code ${child.exitCode}): see ${logFile}`);
    const ready = await fetch(`${url}/api/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { name, url, logFile, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`portal ${name} was not ready within ${START_TIMEOUT_MS / 1000} s: see ${logFile}`);
}
