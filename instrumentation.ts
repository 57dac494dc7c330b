// Runs once when the Next.js server boots: a bad configuration stops it here, naming the variable,
// even when the server is started without scripts/start.ts.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv, EnvError } = await import("@/lib/env");
  try {
    getEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`[portal] ${error.message}`);
    process.exit(1);
  }
}
