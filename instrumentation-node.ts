import { EnvError, getEnv } from "@/lib/env";

export async function startNodeServer(): Promise<void> {
  // A bad configuration stops the server here, naming the variable, even when it is started without scripts/start.ts.
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`[portal] ${error.message}`);
    process.exit(1);
  }
  await expireRunsOfStoppedPortals();
  void destroyExpiredRetiredKeys();
  // Pre-generated keys, so a customer's certificate does not wait for RSA prime search.
  const { startKeyPoolRefill } = await import("@/lib/crypto/key-pool-refill");
  startKeyPoolRefill();
}

// This process's boot lock, then the runs earlier processes left "running" (lib/connections/interrupted-runs.ts).
// Neither may stop the start: with the database down the portal still starts, and answers 503 until it is back.
async function expireRunsOfStoppedPortals(): Promise<void> {
  const { keepBootLock } = await import("@/lib/db/boot-lock");
  if (!(await keepBootLock(getEnv().DATABASE_URL)))
    console.warn("[portal] the database is not reachable yet: the boot lock will be taken when it is");
  const { getDb } = await import("@/lib/db/client");
  const { expireInterruptedRuns } = await import("@/lib/connections/interrupted-runs");
  void expireInterruptedRuns(getDb()).then(
    (expired) => {
      if (expired) console.log(`[portal] ${expired} test run(s) left running by a stopped portal marked interrupted`);
    },
    (error: unknown) =>
      console.warn(`[portal] could not check for interrupted runs: ${error instanceof Error ? error.name : "error"}`),
  );
}

// Retired certificates' keys past their 7 days of rollback (lib/connections/retired-keys.ts); pages and tests also
// destroy them per connection, so a portal that never restarts still does. Never stops the start.
async function destroyExpiredRetiredKeys(): Promise<void> {
  try {
    const { getDb } = await import("@/lib/db/client");
    const { destroyRetiredKeys } = await import("@/lib/connections/retired-keys");
    const destroyed = await destroyRetiredKeys(getDb());
    if (destroyed) console.log(`[portal] ${destroyed} retired private key(s) past their 7 days destroyed`);
  } catch (error) {
    console.warn(`[portal] could not destroy expired retired keys: ${error instanceof Error ? error.name : "error"}`);
  }
}
