import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E } from "./config";

/** A secret the suite's portal generated in its data folder (master.key, session.secret, postgres.password). */
export function suiteSecret(name: string): string {
  return readFileSync(path.join(E2E.dataDir, name), "utf8").trim();
}

/** A database on the suite's embedded PostgreSQL server, as its web server started it; `portal` is the portal's own. */
export function suiteDatabaseUrl(database = "portal"): string {
  return `postgresql://postgres:${suiteSecret("postgres.password")}@127.0.0.1:${E2E.pgPort}/${database}`;
}

export async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: suiteDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export type TestUser = { email: string; password: string; tenant?: string };

// Users are made with the documented CLI, so the journeys exercise it too.
// `database`: another portal database than the suite's (e2e/scaling-out.spec.ts).
export function createUser(
  role: "customer" | "support" | "admin",
  tenant?: string,
  database: string = suiteDatabaseUrl(),
): TestUser {
  const email = `${role}-${randomBytes(5).toString("hex")}@example.test`;
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const args = [
    "tsx",
    "--conditions=react-server",
    "scripts/user-create.ts",
    "--email",
    email,
    "--role",
    role,
    ...(tenant ? ["--tenant", tenant] : []),
  ];
  execFileSync("npx", args, {
    env: { ...process.env, DATABASE_URL: database, PORTAL_USER_PASSWORD: password },
    stdio: "pipe",
  });
  return { email, password, tenant };
}

export function uniqueTenant(prefix = "Tenant"): string {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

/**
 * Waits for the next fixed rate-limit window (lib/limits/rate-limit.ts) when this one has less than `marginSeconds`
 * left, by PostgreSQL's clock: a journey that spends a limit and expects the refusal must do both in one window.
 */
export async function inOneWindow(windowSeconds: number, marginSeconds = 20): Promise<void> {
  const [row] = await sql<{ left: number }>(
    `SELECT ($1::int - mod(extract(epoch FROM now())::numeric, $1::int))::float8 AS left`,
    [windowSeconds],
  );
  if (row!.left < marginSeconds) await new Promise((resolve) => setTimeout(resolve, row!.left * 1000 + 250));
}
