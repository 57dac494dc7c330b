import "server-only";
import client from "prom-client";
import type { Db } from "@/lib/db/client";

// Gauges read from PostgreSQL when Prometheus scrapes (two small aggregate queries), so every instance reports the
// same figures: filter on one instance (e.g. `instance="a"`) or take max() when summing across them.

// With the database down a scrape still returns the process metrics; these two keep their last values.
const quietly = <T>(query: Promise<T>): Promise<T | null> => query.catch(() => null);

const STATUSES = ["never_tested", "connected", "warnings", "failed"] as const;

export function registerDatabaseGauges(db: () => Db): void {
  const register = client.register;
  if (register.getSingleMetric("portal_connections")) return;
  new client.Gauge({
    name: "portal_connections",
    help: "Connections by status",
    labelNames: ["status"] as const,
    async collect() {
      const rows = await quietly(
        db().$queryRaw<{ status: string; n: number }[]>`
          SELECT status::text, count(*)::int AS n FROM connections GROUP BY status`,
      );
      if (rows) for (const status of STATUSES) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
    },
  });
  new client.Gauge({
    name: "portal_certificates_expiring_30d",
    help: "Active certificates whose notAfter is within 30 days (expired ones included)",
    async collect() {
      const rows = await quietly(
        db().$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM certificates WHERE status = 'active' AND not_after < now() + interval '30 days'`,
      );
      if (rows) this.set(rows[0]?.n ?? 0);
    },
  });
}
