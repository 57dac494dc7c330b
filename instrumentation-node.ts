import { EnvError, getEnv } from "@/lib/env";

// A bad configuration stops the server here, naming the variable, even when it is started without scripts/start.ts.
try {
  getEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`[portal] ${error.message}`);
  process.exit(1);
}

// Pre-generated keys, so a customer's certificate does not wait for RSA prime search.
const { startKeyPoolRefill } = await import("@/lib/crypto/key-pool-refill");
startKeyPoolRefill();
