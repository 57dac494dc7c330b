-- Pre-generated RSA key pairs, so a customer's certificate does not wait for prime search (issue #9).
-- Each row is sealed like a certificate's key (AEAD under the master key, bound to this row's id) and is
-- deleted in the same transaction that stores the certificate it goes into: a key serves at most one certificate.
CREATE TABLE "key_pool" (
    "id" UUID NOT NULL,
    "key_size" INTEGER NOT NULL,
    "encrypted_private_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_pool_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "key_pool_key_size_check" CHECK ("key_size" IN (2048, 4096))
);

CREATE INDEX "key_pool_key_size_created_at_idx" ON "key_pool"("key_size", "created_at");
