import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type PrismaClient as PrismaClientType } from "./generated/client.ts";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

export type Db = PrismaClientType;

const globalForDb = globalThis as unknown as { portalDb?: Db };

// One client per process (Next's dev server re-evaluates modules on every change).
export function getDb(): Db {
  globalForDb.portalDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.portalDb;
}

// While PostgreSQL restarts, a request must fail fast (503) rather than wait: a new connection gives up after 5 s,
// and the pool drops the dead ones by itself, so the portal serves again as soon as the server accepts connections.
// Idle connections the server closes emit 'error' on the pool; an unhandled one would crash Node. The adapter listens
// for them and calls onPoolError, which only logs a line.
export function createDb(connectionString: string): Db {
  const adapter = new PrismaPg(
    { connectionString, max: 10, connectionTimeoutMillis: 5_000 },
    {
      onPoolError: (error) => log.warn({ component: "db", err: error.message }, "database connection lost (idle)"),
      onConnectionError: (error) =>
        log.warn({ component: "db", err: error.message }, "database connection lost (in use)"),
    },
  );
  return new PrismaClient({ adapter });
}
