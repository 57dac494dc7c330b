import "server-only";
import { randomUUID } from "node:crypto";
import { auditInsertSql, type AuditEntry } from "@/lib/audit/record-audit";
import type { GeneratedCertificate } from "@/lib/crypto/certificate";
import { takePooledKeySql } from "@/lib/crypto/key-pool";
import { bootGoneSql, heldBootId } from "@/lib/db/boot-lock";
import { Prisma } from "@/lib/db/generated/client";
import type { SqlRunner } from "@/lib/limits/rate-limit";
import type { certificateSummarySelect } from "@/lib/connections/queries";
import { budgetFitsSql, peekBudgetSql, spendBudgetSql } from "@/lib/connections/generation-limits";

// A generation is two statements: the claim, then the store. Under a burst of tenants the cost is the number of
// round trips, not their work (npm run bench:generate), so each folds several steps into one; both run on their
// own (no transaction held open while a key is made or signed). Raw SQL, so the columns are named here.

type CertificateSummary = Prisma.CertificateGetPayload<{ select: typeof certificateSummarySelect }>;
type PooledRow = { id: string; encrypted_private_key: string };
// Longer than any generation, even an RSA-4096 key queued behind many tenants: a lease this old is void.
const LEASE_VOID_AFTER = Prisma.sql`interval '10 minutes'`;

export type Claim =
  | { outcome: "not-found" }
  | { outcome: "busy" }
  | { outcome: "previous"; certificateId: string }
  | { outcome: "over-budget"; used: number; retry: number }
  | { outcome: "claimed"; holder: string; pooled: PooledRow | null };

/**
 * The tenant's connection (not theirs: no row), a certificate already made from this form, the hour's units, then
 * the tenant's generation lease (one in flight across instances: refused while a live one holds it) and, when asked
 * and the lease was taken, a pooled key. A key taken here is gone from the pool whatever happens next.
 */
export async function claimGeneration(
  db: SqlRunner,
  q: { tenantId: string; connectionId: string; requestToken: string; cost: number; takeKey: boolean },
): Promise<Claim> {
  const holder = randomUUID();
  const leased = Prisma.sql`EXISTS (SELECT 1 FROM lease)`;
  const fits = budgetFitsSql(Prisma.sql`(SELECT count FROM budget)`, q.cost);
  const taken = q.takeKey
    ? takePooledKeySql(leased)
    : Prisma.sql`SELECT NULL::uuid AS id, NULL::text AS encrypted_private_key WHERE false`;
  const [row] = await db.$queryRaw<
    {
      found: boolean;
      previous_id: string | null;
      count: number | null;
      retry: number | null;
      fits: boolean;
      leased: boolean;
      pool_id: string | null;
      encrypted_private_key: string | null;
    }[]
  >`
    WITH target AS (
      SELECT (SELECT id FROM certificates WHERE connection_id = c.id AND request_token = ${q.requestToken}) AS previous_id
      FROM connections c WHERE c.id = ${q.connectionId}::uuid AND c.tenant_id = ${q.tenantId}::uuid),
    budget AS (${peekBudgetSql(q.tenantId)}),
    lease AS (
      INSERT INTO generation_leases AS g (tenant_id, holder, boot_id)
      SELECT ${q.tenantId}::uuid, ${holder}::uuid, ${heldBootId()}::uuid FROM target
      WHERE target.previous_id IS NULL AND ${fits}
      ON CONFLICT (tenant_id) DO UPDATE SET holder = EXCLUDED.holder, boot_id = EXCLUDED.boot_id, started_at = now()
        WHERE g.started_at < now() - ${LEASE_VOID_AFTER} OR ${bootGoneSql(Prisma.sql`g.boot_id`)}
      RETURNING holder),
    taken AS (${taken})
    SELECT EXISTS (SELECT 1 FROM target) AS found, (SELECT previous_id FROM target) AS previous_id,
           (SELECT count FROM budget) AS count, (SELECT retry FROM budget) AS retry, ${fits} AS fits,
           ${leased} AS leased,
           t.id AS pool_id, t.encrypted_private_key
    FROM (SELECT 1) AS one LEFT JOIN taken t ON true`;
  if (!row?.found) return { outcome: "not-found" };
  if (row.previous_id) return { outcome: "previous", certificateId: row.previous_id };
  if (row.leased) {
    const pooled =
      row.pool_id && row.encrypted_private_key
        ? { id: row.pool_id, encrypted_private_key: row.encrypted_private_key }
        : null;
    return { outcome: "claimed", holder, pooled };
  }
  // The lease was not taken: the hour's units would not fit, or a live generation holds it.
  return row.fits ? { outcome: "busy" } : { outcome: "over-budget", used: row.count ?? 0, retry: row.retry ?? 3600 };
}

export type Stored =
  { outcome: "stored"; certificate: CertificateSummary } | { outcome: "lease-lost" } | { outcome: "over-budget" };

/**
 * Ends the lease and, only if it was still this generation's, spends the hour's units (only within the limit) and
 * writes the certificate, the connection's expiry and the audit entry: one statement, so all or nothing.
 * What it replaces is retired (its key kept 7 days): a new active certificate retires the active and any pending
 * one, a new pending one retires only an earlier pending one (one renewal at a time).
 */
export async function storeCertificate(
  db: SqlRunner,
  c: {
    id: string;
    holder: string;
    tenantId: string;
    connectionId: string;
    cost: number;
    // active: a first or replacing certificate, in use at once; pending: a renewal, in use once Salesforce takes it.
    status: "active" | "pending";
    generated: GeneratedCertificate;
    encryptedPrivateKey: string;
    requestToken: string;
    createdById: string | null;
    audit: AuditEntry;
  },
): Promise<Stored> {
  const g = c.generated;
  const active = c.status === "active";
  const replaced = active ? Prisma.sql`status IN ('active', 'pending')` : Prisma.sql`status = 'pending'`;
  const [row] = await db.$queryRaw<({ leased: boolean; spent: boolean } & Partial<CertificateSummary>)[]>`
    WITH lease AS (
      DELETE FROM generation_leases WHERE tenant_id = ${c.tenantId}::uuid AND holder = ${c.holder}::uuid RETURNING holder),
    budget AS (${spendBudgetSql(c.tenantId, c.cost, Prisma.sql`EXISTS (SELECT 1 FROM lease)`)}),
    retired AS (
      UPDATE certificates SET status = 'retired', retired_at = now()
      WHERE connection_id = ${c.connectionId}::uuid AND tenant_id = ${c.tenantId}::uuid
        AND ${replaced} AND EXISTS (SELECT 1 FROM budget)
      RETURNING id),
    cert AS (
      INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex, fingerprint_sha256,
        key_size, not_before, not_after, certificate_pem, encrypted_private_key, request_token, created_by_id, status)
      SELECT ${c.id}::uuid, ${c.connectionId}::uuid, ${c.tenantId}::uuid, ${JSON.stringify(g.subject)}::jsonb,
        ${g.subjectText}, ${g.serialHex}, ${g.fingerprintSha256}, ${g.keySize}::int, ${g.notBefore}::timestamptz,
        ${g.notAfter}::timestamptz, ${g.certificatePem}, ${c.encryptedPrivateKey}, ${c.requestToken},
        ${c.createdById}::uuid, ${active ? "active" : "pending"}::"CertificateStatus"
      -- Reading "retired" runs it first, so the one-active / one-pending indexes never see two rows at once.
      WHERE EXISTS (SELECT 1 FROM budget) AND (SELECT count(*) FROM retired) >= 0
      RETURNING id, subject, subject_text, serial_hex, fingerprint_sha256, key_size, not_before, not_after, created_at),
    connection AS (
      UPDATE connections SET certificate_expires_at = ${g.notAfter}::timestamptz, updated_at = now()
      WHERE id = ${c.connectionId}::uuid AND tenant_id = ${c.tenantId}::uuid AND EXISTS (SELECT 1 FROM cert)
        AND ${active}::boolean),
    audit AS (${auditInsertSql(c.audit, Prisma.sql`EXISTS (SELECT 1 FROM cert)`)})
    SELECT EXISTS (SELECT 1 FROM lease) AS leased, EXISTS (SELECT 1 FROM budget) AS spent,
           cert.id, cert.subject, cert.subject_text AS "subjectText", cert.serial_hex AS "serialHex",
           cert.fingerprint_sha256 AS "fingerprintSha256", cert.key_size AS "keySize", cert.not_before AS "notBefore",
           cert.not_after AS "notAfter", cert.created_at AS "createdAt"
    FROM (SELECT 1) AS one LEFT JOIN cert ON true`;
  if (!row?.leased) return { outcome: "lease-lost" };
  if (!row.spent || !row.id) return { outcome: "over-budget" };
  return {
    outcome: "stored",
    certificate: {
      id: row.id,
      subject: row.subject!,
      subjectText: row.subjectText!,
      serialHex: row.serialHex!,
      fingerprintSha256: row.fingerprintSha256!,
      keySize: row.keySize!,
      notBefore: row.notBefore!,
      notAfter: row.notAfter!,
      createdAt: row.createdAt!,
    },
  };
}

/** Gives the lease back after a failure (a no-op once the store statement ended it). */
export async function releaseGeneration(db: SqlRunner, tenantId: string, holder: string): Promise<void> {
  await db.$executeRaw`DELETE FROM generation_leases WHERE tenant_id = ${tenantId}::uuid AND holder = ${holder}::uuid`;
}
