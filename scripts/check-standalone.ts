// `npm test`, after the production build: the standalone server (what the container image holds) started the way the
// Dockerfile's CMD starts it, on a fresh database of the external PostgreSQL, then a smoke journey in Chromium, the
// liveness route, and a clean stop on SIGTERM. The CI proof of the image on machines without a container engine.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, process.env.NEXT_DIST_DIR || ".next", "standalone");
const admin = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const STOP_MS = 25_000;

function fail(message: string): never {
  console.error(`[standalone] FAIL: ${message}`);
  process.exit(1);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function adminQuery(sql: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

if (!existsSync(path.join(built, "portal/start.mjs")))
  fail(`no standalone build in ${path.relative(root, built)}: run \`npm run build\` first.`);
const database = `portal_standalone_${process.pid}`;
if (!(await adminQuery(`CREATE DATABASE ${database}`))) {
  console.log(`[standalone] skipped: no PostgreSQL answers at ${new URL(admin).host} (set TEST_DATABASE_URL).`);
  process.exit(0);
}
// A copy outside the checkout, as in the image: inside it, Node would find a package missing from the standalone
// folder in the checkout's node_modules, and this check would pass where the container fails.
const standalone = path.join(mkdtempSync(path.join(os.tmpdir(), "portal-standalone-")), "app");
cpSync(built, standalone, { recursive: true, verbatimSymlinks: true });
const url = new URL(admin);
url.pathname = `/${database}`;
const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
// As compose.yaml gives them to the container: production, an external database, the two secrets, nothing else.
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  DATABASE_URL: url.toString(),
  PORTAL_MASTER_KEY: randomBytes(32).toString("base64"),
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  NEXTAUTH_URL: baseUrl,
  PORT: String(port),
};

// The Dockerfile's CMD, from the standalone folder (the image's WORKDIR).
const server = spawn(process.execPath, ["portal/start.mjs", "--standalone"], {
  cwd: standalone,
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
let output = "";
server.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
server.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
const exited = new Promise<number | null>((resolve) => server.on("exit", (code) => resolve(code)));

let failure: string | null = null;
try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before it was ready`);
    const status = await fetch(`${baseUrl}/api/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`/api/health/ready answered ${status} after 60 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`[standalone] ready at ${baseUrl}`);

  // The first users, with the bundled CLI the README documents for the container.
  const users: Record<string, string> = {};
  for (const [prefix, role, tenant] of [
    ["STAFF", "admin", undefined],
    ["CUSTOMER", "customer", "Standalone Inc"],
  ] as const) {
    const email = `${role}-${randomBytes(4).toString("hex")}@example.test`;
    const password = `pw-${randomBytes(9).toString("hex")}`;
    const created = spawnSync(
      process.execPath,
      ["portal/user-create.mjs", "--email", email, "--role", role, ...(tenant ? ["--tenant", tenant] : [])],
      { cwd: standalone, env: { ...env, PORTAL_USER_PASSWORD: password }, encoding: "utf8" },
    );
    if (created.status !== 0) throw new Error(`user-create.mjs failed: ${created.stderr || created.stdout}`);
    users[`STANDALONE_${prefix}_EMAIL`] = email;
    users[`STANDALONE_${prefix}_PASSWORD`] = password;
  }

  const journey = spawnSync("npx", ["playwright", "test", "-c", "e2e-standalone/playwright.config.ts"], {
    cwd: root,
    env: { ...process.env, ...users, STANDALONE_BASE_URL: baseUrl },
    stdio: "inherit",
  });
  if (journey.status !== 0) throw new Error("the smoke journey failed (above)");

  const live = await fetch(`${baseUrl}/api/health/live`);
  if (live.status !== 200) throw new Error(`/api/health/live answered ${live.status}`);
} catch (error) {
  failure = (error as Error).message;
}

server.kill("SIGTERM");
const timer = setTimeout(() => server.kill("SIGKILL"), STOP_MS);
const code = await exited;
clearTimeout(timer);
await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
rmSync(path.dirname(standalone), { recursive: true, force: true });
if (!failure && code !== 0)
  failure = `after SIGTERM the server exited with code ${code} (expected 0 within ${STOP_MS / 1000} s)`;
if (failure) {
  console.error(output.slice(-6000));
  fail(failure);
}
console.log("[standalone] PASS: ready, smoke journey, liveness, clean stop on SIGTERM");
