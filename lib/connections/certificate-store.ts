import "server-only";
import type { AuditEntry } from "@/lib/audit/record-audit";
import { auditInsertSql } from "@/lib/audit/record-audit";
import type { GeneratedCertificate } from "@/lib/crypto/certificate";
import { POOLED_KEY_SIZE, takePooledKeySql } from "@/lib/crypto/key-pool";
import { Prisma } from "@/lib/db/generated/client";
import type { SqlRunner } from "@/lib/limits/rate-limit";
import type { certificateSummarySelect } from "@/lib/connections/queries";
import { generationLockSql, peekBudgetSql, spendBudgetSql } from "@/lib/connections/generation-limits";

// The statements of a generation, each folding several steps into one round trip: under a burst of tenants the
// cost is the number of statements, not their work (bench:generate measures it). Raw SQL, so it names its columns.

export type CertificateSummary = Prisma.CertificateGetPayload<{ select: typeof certificateSummarySelect }>;

type Precheck = {
  previous_id: string | null;
  count: number | null;
  retry: number | null;
  pool_ready: boolean;
};

/** Before anything is spent: the tenant's connection (no row: not theirs), a certificate already made from this form, the hour's units, and whether the pool has a key. */
export async function precheck(
  db: SqlRunner,
  q: { tenantId: string; connectionId: string; requestToken: string; keySize: number; poolOn: boolean },
): Promise<Precheck | undefined> {
  const pool =
    q.poolOn && q.keySize === POOLED_KEY_SIZE
      ? Prisma.sql`EXISTS (SELECT 1 FROM key_pool WHERE key_size = ${POOLED_KEY_SIZE})`
      : Prisma.sql`false`;
  const [row] = await db.$queryRaw<Precheck[]>`
    SELECT (SELECT id FROM certificates WHERE connection_id = c.id AND request_token = ${q.requestToken}) AS previous_id,
           b.count, b.retry, ${pool} AS pool_ready
    FROM connections c LEFT JOIN (${peekBudgetSql(q.tenantId)}) b ON true
    WHERE c.id = ${q.connectionId}::uuid AND c.tenant_id = ${q.tenantId}::uuid`;
  return row;
}

/**
 * The first statement of the generation's transaction: the tenant's generation lock across instances (`locked`
 * false: another generation holds it), the hour's units spent, and a pooled key when asked. A refusal throws, so
 * the spent units and the taken key go back with the rollback; if another instance is storing for this tenant the
 * statement waits the few milliseconds until its commit, then takes the lock itself.
 */
export async function claimGeneration(tx: SqlRunner, tenantId: string, cost: number, takeKey: boolean) {
  const taken = takeKey
    ? takePooledKeySql()
    : Prisma.sql`SELECT NULL::uuid AS id, NULL::text AS encrypted_private_key WHERE false`;
  const [row] = await tx.$queryRaw<
    { locked: boolean; count: number; retry: number; pool_id: string | null; encrypted_private_key: string | null }[]
  >`
    WITH lock AS (${generationLockSql(tenantId)}), budget AS (${spendBudgetSql(tenantId, cost)}), taken AS (${taken})
    SELECT l.locked, b.count, b.retry, t.id AS pool_id, t.encrypted_private_key
    FROM lock l CROSS JOIN budget b LEFT JOIN taken t ON true`;
  if (!row) throw new Error("The generation claim returned no row.");
  const pooled =
    row.pool_id && row.encrypted_private_key
      ? { id: row.pool_id, encrypted_private_key: row.encrypted_private_key }
      : null;
  return { locked: row.locked, budget: { count: row.count, retry: row.retry }, pooled };
}

/** The certificate row, the connection's expiry and the audit entry, in one statement. */
export async function storeCertificate(
  tx: SqlRunner,
  c: {
    id: string;
    tenantId: string;
    connectionId: string;
    generated: GeneratedCertificate;
    encryptedPrivateKey: string;
    requestToken: string;
    createdById: string | null;
    audit: AuditEntry;
  },
): Promise<CertificateSummary> {
  const g = c.generated;
  const [row] = await tx.$queryRaw<CertificateSummary[]>`
    WITH cert AS (
      INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex, fingerprint_sha256,
        key_size, not_before, not_after, certificate_pem, encrypted_private_key, request_token, created_by_id)
      VALUES (${c.id}::uuid, ${c.connectionId}::uuid, ${c.tenantId}::uuid, ${JSON.stringify(g.subject)}::jsonb,
        ${g.subjectText}, ${g.serialHex}, ${g.fingerprintSha256}, ${g.keySize}, ${g.notBefore}::timestamptz,
        ${g.notAfter}::timestamptz, ${g.certificatePem}, ${c.encryptedPrivateKey}, ${c.requestToken},
        ${c.createdById}::uuid)
      RETURNING id, subject, subject_text, serial_hex, fingerprint_sha256, key_size, not_before, not_after, created_at),
    connection AS (
      UPDATE connections SET certificate_expires_at = ${g.notAfter}::timestamptz, updated_at = now()
      WHERE id = ${c.connectionId}::uuid AND tenant_id = ${c.tenantId}::uuid),
    audit AS (${auditInsertSql(c.audit)})
    SELECT id, subject, subject_text AS "subjectText", serial_hex AS "serialHex",
           fingerprint_sha256 AS "fingerprintSha256", key_size AS "keySize", not_before AS "notBefore",
           not_after AS "notAfter", created_at AS "createdAt"
    FROM cert`;
  if (!row) throw new Error("The certificate insert returned no row.");
  return row;
}
