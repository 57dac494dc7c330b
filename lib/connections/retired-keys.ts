import "server-only";
import { Prisma } from "@/lib/db/generated/client";

type SqlRunner = Pick<Prisma.TransactionClient, "$executeRaw">;

// A retired key can roll a renewal back (Salesforce still holding the old server.crt) for this long; after that it
// only widens what a leaked database would give away.
const RETIRED_KEY_DAYS = 7;

/**
 * Destroys the private keys of certificates retired more than RETIRED_KEY_DAYS ago: the encrypted column is set to
 * NULL (the row, its public certificate and its history stay) and each destruction is audited. No scheduler: it
 * runs at start-up (every connection), before each Test connection and when a connection page loads (that
 * connection). Returns how many keys it destroyed.
 */
export async function destroyRetiredKeys(
  db: SqlRunner,
  only?: { connectionId: string; tenantId?: string },
): Promise<number> {
  // On a customer's page the tenant scopes the write too: a guessed id of another tenant's connection matches nothing.
  const scope = only
    ? Prisma.sql`AND connection_id = ${only.connectionId}::uuid ${only.tenantId ? Prisma.sql`AND tenant_id = ${only.tenantId}::uuid` : Prisma.empty}`
    : Prisma.empty;
  return db.$executeRaw`
    WITH destroyed AS (
      UPDATE certificates SET encrypted_private_key = NULL, key_destroyed_at = now()
      WHERE status = 'retired' AND encrypted_private_key IS NOT NULL
        AND retired_at < now() - make_interval(days => ${RETIRED_KEY_DAYS}::int) ${scope}
      RETURNING id, connection_id, tenant_id, retired_at)
    INSERT INTO audit_events (action, tenant_id, target_type, target_id, details)
    SELECT 'certificate.key_destroyed', tenant_id, 'certificate', id::text,
           jsonb_build_object('connectionId', connection_id::text, 'retiredAt', retired_at)
    FROM destroyed`;
}
