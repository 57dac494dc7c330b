// Runs once when the Next.js server boots. The Node-only start-up lives in its own module (Next's pattern for
// instrumentation that uses Node APIs).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startNodeServer } = await import("./instrumentation-node");
  await startNodeServer();
}

// A page, route or action that threw: one JSON line with the request's id (X-Request-Id, shown on the error page)
// and Next's digest, so support can find the cause from either. The error's name and first line only.
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routePath: string; routeType: string },
): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { errorText, log } = await import("./lib/log");
  const requestId = request.headers["x-request-id"];
  log.error(
    {
      requestId: typeof requestId === "string" ? requestId : undefined,
      digest: (error as { digest?: string } | null)?.digest,
      route: context.routePath,
      routeType: context.routeType,
      method: request.method,
      err: errorText(error),
    },
    "request failed",
  );
}
