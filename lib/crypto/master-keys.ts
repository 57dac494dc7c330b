import "server-only";
import { getEnv } from "@/lib/env";
import { parseMasterKey, type MasterKey } from "@/lib/crypto/envelope";

let cached: { current: MasterKey; all: MasterKey[] } | undefined;

// Loaded on first use, not at import: pages that never touch a key never read it.
export function getMasterKeys(): { current: MasterKey; all: MasterKey[] } {
  if (!cached) {
    const env = getEnv();
    const current = parseMasterKey(env.PORTAL_MASTER_KEY);
    cached = { current, all: [current, ...env.PORTAL_PREVIOUS_MASTER_KEYS.map(parseMasterKey)] };
  }
  return cached;
}
