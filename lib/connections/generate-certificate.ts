import "server-only";
import { randomUUID, type KeyObject } from "node:crypto";
import { type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { generateCertificate } from "@/lib/crypto/certificate";
import { privateKeyAad, seal } from "@/lib/crypto/envelope";
import { generateRsaKey } from "@/lib/crypto/key-generation";
import { openPooledKey, POOLED_KEY_SIZE } from "@/lib/crypto/key-pool";
import { kickKeyPoolRefill } from "@/lib/crypto/key-pool-refill";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { certificateSummarySelect } from "@/lib/connections/queries";
import { claimGeneration, releaseGeneration, storeCertificate } from "@/lib/connections/certificate-store";
import {
  generationBusy,
  generationCost,
  oneGenerationPerTenant,
  overBudget,
} from "@/lib/connections/generation-limits";
import type { CertificateRequest } from "@/lib/validation/certificate";
import { metrics } from "@/lib/metrics/registry";

type GenerateInput = {
  tenantId: string;
  connectionId: string;
  request: CertificateRequest;
  // The form's one-time token: the same form submitted twice yields one key.
  requestToken: string;
  actor: AuditActor;
  ip: string | null;
  // A renewal (lib/connections/renew-certificate.ts) stores a pending certificate; otherwise it is active at once.
  status?: "active" | "pending";
};

const notFound = () => new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");

/**
 * One certificate for one connection. Bounded per tenant (lib/connections/generation-limits.ts): one generation in
 * flight on every instance, and `CERTIFICATES_PER_TENANT_PER_HOUR` units an hour. The key comes from the pool when
 * it has one, else from the fair key generation queue. The certificate, its hourly units, the connection's expiry
 * and the audit entry are written by one statement: a portal dying half way leaves no row and spends nothing.
 */
export async function generateCertificateForConnection(input: GenerateInput) {
  const { tenantId, request, requestToken } = input;
  if (!isUuid(input.connectionId)) throw notFound();
  const db = getDb();
  const previous = () =>
    forTenant(db, tenantId).certificate.findFirstOrThrow({
      where: { connectionId: input.connectionId, requestToken },
      select: certificateSummarySelect,
    });
  const cost = generationCost(request.keySize);
  const poolable = request.keySize === POOLED_KEY_SIZE && getEnv().KEY_POOL_SIZE > 0;
  try {
    const created = await oneGenerationPerTenant(tenantId, requestToken, async () => {
      const claim = await claimGeneration(db, { ...input, cost, takeKey: poolable });
      if (claim.outcome === "not-found") throw notFound();
      if (claim.outcome === "previous") return previous();
      if (claim.outcome === "busy") throw generationBusy();
      if (claim.outcome === "over-budget") throw overBudget(cost, claim.used, claim.retry);
      let stored = false;
      const started = performance.now();
      try {
        const pooledKey = claim.pooled ? openPooledKey(claim.pooled) : null;
        const key = pooledKey ?? (await generateRsaKey(tenantId, request.keySize));
        const result = await store(input, claim.holder, cost, key);
        stored = true;
        metrics().generations.observe(
          { key_size: String(request.keySize), pooled: String(pooledKey !== null) },
          (performance.now() - started) / 1000,
        );
        return result;
      } finally {
        if (!stored) await releaseGeneration(db, tenantId, claim.holder).catch(() => undefined);
      }
    });
    if (poolable) kickKeyPoolRefill();
    return created;
  } catch (error) {
    // A double submit on another instance won the race on (connection, request token): answer with its row.
    if (isUniqueViolation(error)) return previous();
    throw error;
  }
}

async function store(input: GenerateInput, holder: string, cost: number, key: KeyObject) {
  const generated = await generateCertificate(input.request, key);
  const id = randomUUID();
  const renewal = input.status === "pending";
  const result = await storeCertificate(getDb(), {
    id,
    holder,
    tenantId: input.tenantId,
    connectionId: input.connectionId,
    cost,
    status: input.status ?? "active",
    generated,
    encryptedPrivateKey: seal(generated.privateKeyPem, privateKeyAad(input.connectionId, id), getMasterKeys().current),
    requestToken: input.requestToken,
    createdById: input.actor?.id ?? null,
    audit: commandAudit(input, renewal ? "certificate.renewal_started" : "certificate.generated", ["certificate", id], {
      connectionId: input.connectionId,
      serial: generated.serialHex,
      fingerprintSha256: generated.fingerprintSha256,
      keySize: generated.keySize,
    }),
  });
  // Both only when the lease outlived its 10 minutes and another generation took it, or the units ran out meanwhile.
  if (result.outcome === "lease-lost") throw generationBusy();
  if (result.outcome === "over-budget") throw overBudget(cost);
  return result.certificate;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } } };
  return (
    e.code === "P2002" ||
    e.meta?.code === "23505" ||
    e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation"
  );
}
