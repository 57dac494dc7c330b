-- The portal process that runs a test: a process killed mid-test leaves its run "running", and the next start, test
-- or page view expires it at once when that process no longer holds its boot lock (lib/connections/interrupted-runs.ts).
-- Null for runs started before this column, or by a process that holds no boot lock: those expire by age only.
ALTER TABLE "test_runs" ADD COLUMN "boot_id" UUID;
