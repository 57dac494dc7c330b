-- Orgs that must never send their assertion to login/test (Gov Cloud, or login.salesforce.com blocked).
ALTER TABLE "connections" ADD COLUMN "my_domain_only" BOOLEAN NOT NULL DEFAULT false;
-- The instance_url Salesforce returned with the last token: where the collector downloads log files from.
ALTER TABLE "connections" ADD COLUMN "org_instance_url" TEXT;
-- What the collector will read (event log types and intervals, LoginEvent), from the run's preflight.
ALTER TABLE "test_runs" ADD COLUMN "collector" JSONB;
