import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type PrismaClient as PrismaClientType } from "./generated/client.ts";
import { getEnv } from "@/lib/env";

export type Db = PrismaClientType;

const globalForDb = globalThis as unknown as { portalDb?: Db };

// One client per process (Next's dev server re-evaluates modules on every change).
export function getDb(): Db {
  globalForDb.portalDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.portalDb;
}

export function createDb(connectionString: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}
