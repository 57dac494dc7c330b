-- Certificate renewal without a gap (README "Renewing a certificate"). A certificate is:
--   active:  the key Test connection, the collector hand-off and key exports use (at most one per connection);
--   pending: a renewal waiting for its server.crt to reach Salesforce (at most one per connection);
--   retired: replaced; its key is kept, encrypted, for 7 days for rollback, then destroyed (the column nulled).
CREATE TYPE "CertificateStatus" AS ENUM ('active', 'pending', 'retired');

ALTER TABLE "certificates"
    ADD COLUMN "status" "CertificateStatus" NOT NULL DEFAULT 'active',
    ADD COLUMN "retired_at" TIMESTAMPTZ(3),
    ADD COLUMN "key_destroyed_at" TIMESTAMPTZ(3),
    ALTER COLUMN "encrypted_private_key" DROP NOT NULL;

-- "Active" used to mean the newest certificate of its connection: keep that one active, retire the others. Their
-- retention starts now, not when they were replaced, so an upgrade never destroys a key without the 7 days' notice.
UPDATE "certificates" c SET "status" = 'retired', "retired_at" = CURRENT_TIMESTAMP
WHERE EXISTS (
    SELECT 1 FROM "certificates" n
    WHERE n."connection_id" = c."connection_id"
      AND (n."created_at", n."id") > (c."created_at", c."id"));

-- Only a retired certificate may lose its key; a retired one always says since when.
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_key_kept_check"
    CHECK ("encrypted_private_key" IS NOT NULL OR "status" = 'retired');
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_retired_at_check"
    CHECK (("status" = 'retired') = ("retired_at" IS NOT NULL));

CREATE UNIQUE INDEX "certificates_one_active" ON "certificates"("connection_id") WHERE "status" = 'active';
CREATE UNIQUE INDEX "certificates_one_pending" ON "certificates"("connection_id") WHERE "status" = 'pending';
-- The retention sweep: retired keys not yet destroyed.
CREATE INDEX "certificates_retired_keys" ON "certificates"("retired_at") WHERE "encrypted_private_key" IS NOT NULL;
