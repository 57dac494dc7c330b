-- Scheduled re-tests (lib/jobs/): an interval per tenant (admins) and an optional override per connection (support).
-- The jobs themselves live in graphile-worker's own schema, which it installs and migrates at worker start.
CREATE TYPE "RetestInterval" AS ENUM ('off', '1h', '6h', '24h', '7d');

ALTER TABLE "tenants" ADD COLUMN "retest_interval" "RetestInterval" NOT NULL DEFAULT '24h';

-- Null: the tenant's interval.
ALTER TABLE "connections" ADD COLUMN "retest_interval" "RetestInterval";
-- Maintained by the statement that finishes a run (lib/connections/finish-test-run.ts).
ALTER TABLE "connections" ADD COLUMN "status_since" TIMESTAMPTZ(3);
ALTER TABLE "connections" ADD COLUMN "last_success_at" TIMESTAMPTZ(3);
ALTER TABLE "connections" ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0;

-- A scheduled run spends the tenant's scheduled budget, never the manual one.
ALTER TABLE "test_runs" ADD COLUMN "scheduled" BOOLEAN NOT NULL DEFAULT false;

-- Existing rows: the facts as the finished runs tell them.
UPDATE "connections" c SET
  "last_success_at" = s.last_success,
  "consecutive_failures" = s.failures,
  "status_since" = CASE WHEN c.status = 'never_tested' THEN NULL
                        WHEN c.status = 'failed' THEN COALESCE(s.first_failure, c.last_tested_at)
                        ELSE COALESCE(s.last_success, c.last_tested_at) END
FROM (
  SELECT c2.id,
    ok.last_success,
    (SELECT count(*)::int FROM "test_runs" f WHERE f.connection_id = c2.id AND f.outcome = 'failed'
       AND f.started_at > COALESCE(ok.last_success, '-infinity')) AS failures,
    (SELECT min(f.started_at) FROM "test_runs" f WHERE f.connection_id = c2.id AND f.outcome = 'failed'
       AND f.started_at > COALESCE(ok.last_success, '-infinity')) AS first_failure
  FROM "connections" c2
  LEFT JOIN LATERAL (SELECT max(r.started_at) AS last_success FROM "test_runs" r
                     WHERE r.connection_id = c2.id AND r.outcome IN ('connected', 'warnings')) ok ON true
) s
WHERE s.id = c.id;

-- "Failing for more than 24 h" on the staff dashboard.
CREATE INDEX "connections_status_status_since_idx" ON "connections"("status", "status_since");

-- Status changes a notifier (email, webhooks) consumes later, in id order: recorded by the same statement as the run.
CREATE TABLE "connection_events" (
    "id" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "connection_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "test_run_id" UUID,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connection_events_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "connection_events_type_check" CHECK ("type" IN ('connection.failed', 'connection.recovered', 'connection.warning'))
);

CREATE INDEX "connection_events_connection_id_id_idx" ON "connection_events"("connection_id", "id");

ALTER TABLE "connection_events" ADD CONSTRAINT "connection_events_connection_id_tenant_id_fkey" FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connections"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;
