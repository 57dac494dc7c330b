import { randomBytes } from "node:crypto";
import { inject } from "vitest";

// Point the app's modules (getEnv, getDb) at this run's database before they are first used.
export function setupTestEnvironment(): string {
  const url = inject("databaseUrl");
  process.env.DATABASE_URL = url;
  // The tests' X-Forwarded-For stands for what `next start` (one hop) fills in: clientIp reads its last entry.
  process.env.TRUSTED_PROXY_HOPS ??= "1";
  // No background key generation competing with the tests; the pool's own tests fill it explicitly.
  process.env.KEY_POOL_SIZE ??= "0";
  process.env.PORTAL_MASTER_KEY ??= randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64");
  return url;
}
