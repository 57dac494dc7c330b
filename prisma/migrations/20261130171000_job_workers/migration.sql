-- Which portal process (boot id, lib/db/boot-lock.ts) runs each graphile-worker worker: when a process dies without
-- stopping (kill -9, a lost host), its boot lock goes at once, and lib/jobs/dead-workers.ts unlocks the jobs its
-- workers held instead of leaving them locked for graphile-worker's 4 hours.
CREATE TABLE "job_workers" (
    "worker_id" TEXT NOT NULL,
    "boot_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "job_workers_pkey" PRIMARY KEY ("worker_id")
);
CREATE INDEX "job_workers_boot_id_idx" ON "job_workers"("boot_id");
