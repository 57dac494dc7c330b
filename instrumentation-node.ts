import { EnvError, getEnv } from "@/lib/env";

// A bad configuration stops the server here, naming the variable, even when it is started without scripts/start.ts.
try {
  getEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`[portal] ${error.message}`);
  process.exit(1);
}
