-- One row sealed with the master key (lib/health/readiness.ts): /api/health/ready opens it, so a portal started with
-- a master key that does not match the database's keys says so before a customer meets it. Written on first check.
CREATE TABLE "master_key_sentinel" (
    "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
    "sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "master_key_sentinel_pkey" PRIMARY KEY ("id")
);
