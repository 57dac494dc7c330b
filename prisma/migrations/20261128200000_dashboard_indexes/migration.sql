-- Staff dashboard and connection detail at scale (npm run bench:dashboard).

-- Substring search (ILIKE '%term%') on tenant name, Salesforce username and instance URL.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "tenants_name_trgm_idx" ON "tenants" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "connections_username_trgm_idx" ON "connections" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "connections_instance_url_trgm_idx" ON "connections" USING GIN ("instance_url" gin_trgm_ops);

-- Sorting by last test and by certificate expiry; never-tested and certificate-less rows sort last.
CREATE INDEX "connections_last_tested_at_idx" ON "connections" ("last_tested_at" DESC NULLS LAST, "id");

-- CreateIndex
CREATE INDEX "connections_certificate_expires_at_idx" ON "connections" ("certificate_expires_at", "id");

-- CreateIndex
CREATE INDEX "connections_status_idx" ON "connections" ("status");

-- Audit entries of one connection whose target is another row (a certificate, a test run).
CREATE INDEX "audit_events_connection_id_idx" ON "audit_events" ((details->>'connectionId'));
