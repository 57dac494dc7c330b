-- Tenant consistency in the schema: a certificate or a test run names its connection together with that connection's
-- tenant, so no row can point across tenants, whatever the code above the database does.

-- connections.id is already the primary key, so (id, tenant_id) is unique for every existing row.
CREATE UNIQUE INDEX "connections_id_tenant_id_key" ON "connections"("id", "tenant_id");

-- Existing rows: every code path copies tenant_id from the connection, so these updates change nothing on a portal's
-- own data. They align any row written by hand with its connection (the owner its key is bound to), so that the
-- constraints below hold for every existing row and the migration cannot fail on old data.
UPDATE "certificates" AS c SET "tenant_id" = x."tenant_id"
  FROM "connections" AS x WHERE x."id" = c."connection_id" AND c."tenant_id" <> x."tenant_id";
UPDATE "test_runs" AS r SET "tenant_id" = x."tenant_id"
  FROM "connections" AS x WHERE x."id" = r."connection_id" AND r."tenant_id" <> x."tenant_id";

-- The composite keys replace the single-column ones, with the same behaviour (a deleted connection takes its
-- certificates and runs with it; a connection moved to another tenant takes them along).
ALTER TABLE "certificates" DROP CONSTRAINT "certificates_connection_id_fkey";
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_connection_id_tenant_id_fkey"
  FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connections"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "test_runs" DROP CONSTRAINT "test_runs_connection_id_fkey";
ALTER TABLE "test_runs" ADD CONSTRAINT "test_runs_connection_id_tenant_id_fkey"
  FOREIGN KEY ("connection_id", "tenant_id") REFERENCES "connections"("id", "tenant_id") ON DELETE CASCADE ON UPDATE CASCADE;
