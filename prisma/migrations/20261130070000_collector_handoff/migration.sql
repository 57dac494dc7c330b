-- Customers may export their tenant's private keys (and hold key-reading API tokens) only when an admin allows it.
ALTER TABLE "tenants" ADD COLUMN "key_export_allowed" BOOLEAN NOT NULL DEFAULT false;

-- Machine credentials for collectors: only the sha256 of the token is stored; the token is shown once.
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_hint" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "tenant_id" UUID,
    "created_by_id" UUID,
    "created_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "last_used_ip" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_tenant_id_idx" ON "api_tokens"("tenant_id");
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fixed-window request counters, shared by every portal instance (per API token, per purpose).
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key", "window_start")
);
CREATE INDEX "rate_limits_window_start_idx" ON "rate_limits"("window_start");

-- REST API v1 lists connections by (updated_at, id), across tenants or within one.
CREATE INDEX "connections_updated_at_id_idx" ON "connections"("updated_at", "id");
CREATE INDEX "connections_tenant_id_updated_at_id_idx" ON "connections"("tenant_id", "updated_at", "id");
