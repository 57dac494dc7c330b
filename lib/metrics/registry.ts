import client from "prom-client";

// The portal's Prometheus metrics (README "Health and metrics"), on prom-client's default registry: scripts/server.mjs
// (HTTP durations) and Next's server code share it, since prom-client is one external package for both
// (next.config.js serverExternalPackages). Labels never carry an id, an address or a name: only closed sets.

const globalForMetrics = globalThis as unknown as { portalMetrics?: ReturnType<typeof create> };

function create() {
  const register = client.register;
  if (!register.getSingleMetric("process_cpu_user_seconds_total")) client.collectDefaultMetrics({ register });
  const existing = <T>(name: string) => register.getSingleMetric(name) as T | undefined;
  return {
    register,
    testRuns:
      existing<client.Histogram<"outcome" | "error_code" | "scheduled">>("portal_test_connection_duration_seconds") ??
      new client.Histogram({
        name: "portal_test_connection_duration_seconds",
        help: "Test connection runs by outcome and error code, and their duration",
        labelNames: ["outcome", "error_code", "scheduled"] as const,
        buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 45],
      }),
    generations:
      existing<client.Histogram<"key_size" | "pooled">>("portal_certificate_generation_duration_seconds") ??
      new client.Histogram({
        name: "portal_certificate_generation_duration_seconds",
        help: "Certificate generations (key, certificate, encryption, storage) by key size and whether a pooled key was used",
        labelNames: ["key_size", "pooled"] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      }),
    refusals:
      existing<client.Counter<"limit">>("portal_rate_limit_refusals_total") ??
      new client.Counter({
        name: "portal_rate_limit_refusals_total",
        help: "Requests refused by a rate limit or quota, by limit",
        labelNames: ["limit"] as const,
      }),
  };
}

export function metrics() {
  globalForMetrics.portalMetrics ??= create();
  return globalForMetrics.portalMetrics;
}

/** A refused attempt: `limit` is the key's family (`password-reset`, `test-runs`…), never the key itself. */
export function countRefusal(keyOrFamily: string): void {
  metrics().refusals.inc({ limit: keyOrFamily.split(":")[0] || "other" });
}
