-- Webhooks (README "Webhooks"): endpoints set by admins, for one tenant or (tenant_id NULL) for every tenant; one
-- delivery per event and endpoint, sent in order per endpoint and retried with backoff for 24 hours; one attempt row
-- per HTTP request, which the delivery log shows.
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "tenant_id" UUID REFERENCES "tenants"("id") ON DELETE CASCADE,
    "url" TEXT NOT NULL CHECK (length("url") <= 2048),
    "description" TEXT NOT NULL DEFAULT '' CHECK (length("description") <= 200),
    "event_types" TEXT[] NOT NULL CHECK (cardinality("event_types") > 0 AND "event_types" <@ ARRAY[
        'connection.failed', 'connection.recovered', 'connection.warning', 'certificate.renewed',
        'certificate.expiring']::TEXT[]),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    -- The signing secret, sealed by the AEAD envelope bound to this row (webhookSecretAad); never shown again after
    -- it was created. During a rotation the previous one also signs, until previous_secret_expires_at.
    "secret_sealed" TEXT NOT NULL,
    "previous_secret_sealed" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "created_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_endpoints_previous_check" CHECK (
        ("previous_secret_sealed" IS NULL) = ("previous_secret_expires_at" IS NULL))
);
CREATE INDEX "webhook_endpoints_tenant_id_idx" ON "webhook_endpoints"("tenant_id");

CREATE TABLE "webhook_deliveries" (
    -- The order of deliveries to an endpoint.
    "id" BIGSERIAL NOT NULL,
    -- Sent as X-Portal-Delivery; a redelivery has its own.
    "public_id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "endpoint_id" UUID NOT NULL REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE,
    -- NULL for a test event ("Send test event"), or once the connection (and its events) is deleted.
    "event_id" BIGINT REFERENCES "connection_events"("id") ON DELETE SET NULL,
    "event_type" TEXT NOT NULL,
    -- The exact JSON sent, fixed when the delivery is created: every attempt and a redelivery send the same bytes.
    "body" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'delivered', 'failed')),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "give_up_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP + interval '24 hours',
    "last_status" INTEGER,
    "last_duration_ms" INTEGER,
    "last_error" TEXT,
    "redelivery_of" BIGINT REFERENCES "webhook_deliveries"("id") ON DELETE SET NULL,
    "redelivered_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_deliveries_completed_check" CHECK (("state" = 'pending') = ("completed_at" IS NULL))
);
CREATE UNIQUE INDEX "webhook_deliveries_public_id_key" ON "webhook_deliveries"("public_id");
-- One delivery per event and endpoint (the notifier may see an event twice after a mail failure); redeliveries aside.
CREATE UNIQUE INDEX "webhook_deliveries_one_per_event" ON "webhook_deliveries"("endpoint_id", "event_id")
    WHERE "redelivery_of" IS NULL AND "event_id" IS NOT NULL;
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"("endpoint_id", "id") WHERE "state" = 'pending';
CREATE INDEX "webhook_deliveries_endpoint_id_idx" ON "webhook_deliveries"("endpoint_id", "id" DESC);

CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The HTTP status, or NULL when no answer came (the error says why).
    "status" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    -- The first 500 characters of the answer, for the log.
    "response_excerpt" TEXT,
    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_attempts_delivery_id_idx" ON "webhook_attempts"("delivery_id", "id");
