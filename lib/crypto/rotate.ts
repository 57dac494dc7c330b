import "server-only";
import type { Db } from "@/lib/db/client";
import { open, privateKeyAad, seal, webhookSecretAad, type MasterKey } from "@/lib/crypto/envelope";

export type RotationResult = {
  reencrypted: number;
  alreadyCurrent: number;
  failed: { certificateId: string; reason: string }[];
};

const BATCH = 200;

// Re-seals every stored private key under `current`, decrypting with any of `keys`. Each row is swapped only if it
// still holds the envelope that was read, so a concurrent writer is never overwritten. Safe to run again.
export async function reencryptPrivateKeys(db: Db, current: MasterKey, keys: MasterKey[]): Promise<RotationResult> {
  const result: RotationResult = { reencrypted: 0, alreadyCurrent: 0, failed: [] };
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.certificate.findMany({
      // A destroyed key (a retired certificate past its 7 days) has nothing left to re-encrypt.
      where: { encryptedPrivateKey: { not: null }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, connectionId: true, encryptedPrivateKey: true },
    });
    if (rows.length === 0) return result;
    cursor = rows.at(-1)!.id;
    for (const row of rows) {
      if (row.encryptedPrivateKey === null) continue;
      if (row.encryptedPrivateKey.startsWith(`v1:${current.id}:`)) {
        result.alreadyCurrent += 1;
        continue;
      }
      const aad = privateKeyAad(row.connectionId, row.id);
      let plaintext: Buffer;
      try {
        plaintext = open(row.encryptedPrivateKey, aad, keys);
      } catch (error) {
        result.failed.push({ certificateId: row.id, reason: (error as Error).message });
        continue;
      }
      const swapped = await db.certificate.updateMany({
        where: { id: row.id, encryptedPrivateKey: row.encryptedPrivateKey },
        data: { encryptedPrivateKey: seal(plaintext, aad, current) },
      });
      plaintext.fill(0);
      result.reencrypted += swapped.count;
    }
  }
}

export type SecretRotationResult = {
  reencrypted: number;
  alreadyCurrent: number;
  failed: { endpointId: string; reason: string }[];
};

// Webhook signing secrets (lib/webhooks/endpoints.ts), the current one and a rotation's previous one, the same way.
export async function reencryptWebhookSecrets(
  db: Db,
  current: MasterKey,
  keys: MasterKey[],
): Promise<SecretRotationResult> {
  const result: SecretRotationResult = { reencrypted: 0, alreadyCurrent: 0, failed: [] };
  const rows = await db.webhookEndpoint.findMany({
    orderBy: { id: "asc" },
    select: { id: true, secretSealed: true, previousSecretSealed: true },
  });
  const isCurrent = (sealed: string | null) => sealed === null || sealed.startsWith(`v1:${current.id}:`);
  for (const row of rows) {
    if (isCurrent(row.secretSealed) && isCurrent(row.previousSecretSealed)) {
      result.alreadyCurrent += 1;
      continue;
    }
    const aad = webhookSecretAad(row.id);
    const reseal = (sealed: string | null) => {
      if (sealed === null || isCurrent(sealed)) return sealed;
      const plaintext = open(sealed, aad, keys);
      try {
        return seal(plaintext, aad, current);
      } finally {
        plaintext.fill(0);
      }
    };
    let next: { secretSealed: string; previousSecretSealed: string | null };
    try {
      next = { secretSealed: reseal(row.secretSealed)!, previousSecretSealed: reseal(row.previousSecretSealed) };
    } catch (error) {
      result.failed.push({ endpointId: row.id, reason: (error as Error).message });
      continue;
    }
    const swapped = await db.webhookEndpoint.updateMany({
      where: { id: row.id, secretSealed: row.secretSealed, previousSecretSealed: row.previousSecretSealed },
      data: next,
    });
    result.reencrypted += swapped.count;
  }
  return result;
}
