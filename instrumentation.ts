// Runs once when the Next.js server boots. The Node-only start-up lives in its own module (Next's pattern for
// instrumentation that uses Node APIs).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startNodeServer } = await import("./instrumentation-node");
  await startNodeServer();
}
