import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { refillKeyPool } from "@/lib/crypto/key-pool";
import { errorText, log } from "@/lib/log";

type RefillState = { running: boolean; again: boolean; timer?: NodeJS.Timeout; quiet?: NodeJS.Timeout };
// Next bundles instrumentation and route handlers separately, so module state is not shared: keep it on globalThis.
const state = globalThis as unknown as { portalKeyPoolRefill?: RefillState };
const refillState = () => (state.portalKeyPoolRefill ??= { running: false, again: false });
const RECHECK_MS = 60_000; // another instance may have drawn from the pool
// Prime search takes a core: wait until a burst of generations is over instead of slowing the rest of it down.
const QUIET_MS = 2_000;

/** Starts topping the pool up now and every minute (called once at server start). */
export function startKeyPoolRefill(): void {
  if (getEnv().KEY_POOL_SIZE === 0) return;
  const refill = refillState();
  refill.timer ??= setInterval(runRefill, RECHECK_MS).unref();
  runRefill();
}

/** After a key was taken: tops the pool up once no key has been taken for a moment. */
export function kickKeyPoolRefill(): void {
  if (getEnv().KEY_POOL_SIZE === 0) return;
  const refill = refillState();
  clearTimeout(refill.quiet);
  refill.quiet = setTimeout(runRefill, QUIET_MS).unref();
}

function runRefill(): void {
  const refill = refillState();
  if (refill.running) {
    refill.again = true;
    return;
  }
  refill.running = true;
  void (async () => {
    try {
      do {
        refill.again = false;
        await refillKeyPool(getDb(), getEnv().KEY_POOL_SIZE);
      } while (refill.again);
    } catch (error) {
      // The database may be restarting: the next take or the minute's recheck tries again. Name and message only.
      log.error({ component: "key-pool", err: errorText(error) }, "refilling the key pool failed");
    } finally {
      refill.running = false;
    }
  })();
}
