import "server-only";
import { randomUUID } from "node:crypto";
import { type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { generateCertificate } from "@/lib/crypto/certificate";
import { privateKeyAad, seal } from "@/lib/crypto/envelope";
import { generateRsaKey } from "@/lib/crypto/key-generation";
import { openPooledKey, POOLED_KEY_SIZE, takePooledKey } from "@/lib/crypto/key-pool";
import { kickKeyPoolRefill } from "@/lib/crypto/key-pool-refill";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { certificateSummarySelect } from "@/lib/connections/queries";
import { claimGeneration, precheck, storeCertificate } from "@/lib/connections/certificate-store";
import {
  generationBusy,
  generationCost,
  oneGenerationPerTenant,
  refuseOverBudget,
} from "@/lib/connections/generation-limits";
import type { CertificateRequest } from "@/lib/validation/certificate";

type GenerateInput = {
  tenantId: string;
  connectionId: string;
  request: CertificateRequest;
  // The form's one-time token: the same form submitted twice yields one key.
  requestToken: string;
  actor: AuditActor;
  ip: string | null;
};

// Milliseconds normally; seconds only when the pool drained between the check and the take and an RSA-2048 key is
// generated inside (behind other tenants' keys in the queue on a busy machine).
const TRANSACTION_TIMEOUT_MS = 60_000;
const notFound = () => new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");

/**
 * One certificate for one connection. Bounded per tenant (lib/connections/generation-limits.ts): one generation in
 * flight, and `CERTIFICATES_PER_TENANT_PER_HOUR` units an hour. The key comes from the pool when it has one, else
 * from the fair key generation queue. Everything is stored in one transaction: the portal dying half way leaves no
 * row, no spent hourly unit and no key taken from the pool.
 */
export async function generateCertificateForConnection(input: GenerateInput) {
  const { tenantId, request, requestToken } = input;
  if (!isUuid(input.connectionId)) throw notFound();
  const db = getDb();
  const poolOn = getEnv().KEY_POOL_SIZE > 0;
  const previous = () =>
    forTenant(db, tenantId).certificate.findFirstOrThrow({
      where: { connectionId: input.connectionId, requestToken },
      select: certificateSummarySelect,
    });
  const cost = generationCost(request.keySize);
  try {
    const created = await oneGenerationPerTenant(tenantId, requestToken, async () => {
      const pre = await precheck(db, { ...input, keySize: request.keySize, poolOn });
      if (!pre) throw notFound();
      if (pre.previous_id) return previous();
      refuseOverBudget(pre.count === null ? undefined : { count: pre.count, retry: pre.retry ?? 0 }, cost, false);
      // A fresh key is made before the transaction opens, so no database connection waits on prime search.
      const fresh = pre.pool_ready ? null : await generateRsaKey(tenantId, request.keySize);
      return db.$transaction(
        async (tx) => {
          const claim = await claimGeneration(tx, tenantId, cost, fresh === null);
          if (!claim.locked) throw generationBusy();
          refuseOverBudget(claim.budget, cost, true);
          // Pool drained since the check, or its key unusable (rare): generate here, holding this one connection.
          const key =
            fresh ??
            (claim.pooled && openPooledKey(claim.pooled)) ??
            (await takePooledKey(tx)) ??
            (await generateRsaKey(tenantId, request.keySize));
          const generated = await generateCertificate(request, key);
          const id = randomUUID();
          return storeCertificate(tx, {
            id,
            tenantId,
            connectionId: input.connectionId,
            generated,
            encryptedPrivateKey: seal(
              generated.privateKeyPem,
              privateKeyAad(input.connectionId, id),
              getMasterKeys().current,
            ),
            requestToken,
            createdById: input.actor?.id ?? null,
            audit: commandAudit(input, "certificate.generated", ["certificate", id], {
              connectionId: input.connectionId,
              serial: generated.serialHex,
              fingerprintSha256: generated.fingerprintSha256,
              keySize: generated.keySize,
            }),
          });
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
      );
    });
    if (poolOn && request.keySize === POOLED_KEY_SIZE) kickKeyPoolRefill();
    return created;
  } catch (error) {
    // A concurrent double submit (on another instance) lost the race on (connection, request token): answer with
    // the winner's row.
    if (isUniqueViolation(error)) return previous();
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    e.code === "P2002" ||
    e.meta?.code === "23505" ||
    e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation"
  );
}
