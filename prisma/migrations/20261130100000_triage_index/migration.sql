-- The support triage order (lib/dashboard/sql.ts): "ever connected" and "failing since" read each connection's run
-- outcomes; with the outcome in the index they are index-only scans (npm run bench:dashboard).
CREATE INDEX "test_runs_connection_id_outcome_started_at_idx" ON "test_runs" ("connection_id", "outcome", "started_at");
