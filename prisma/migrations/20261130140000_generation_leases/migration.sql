-- One certificate generation in flight per tenant, across every portal instance (lib/connections/certificate-store.ts).
-- A row is the running generation's lease: taken when it starts, deleted by the statement that stores the certificate
-- (or on failure). A process killed mid-generation leaves its row; it is void as soon as that process's boot lock is
-- gone (lib/db/boot-lock.ts), or after 10 minutes whatever the process.
CREATE TABLE "generation_leases" (
    "tenant_id" UUID NOT NULL,
    "holder" UUID NOT NULL,
    "boot_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generation_leases_pkey" PRIMARY KEY ("tenant_id")
);

ALTER TABLE "generation_leases" ADD CONSTRAINT "generation_leases_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
