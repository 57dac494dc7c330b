import "server-only";
import { createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { open, pooledKeyAad, seal } from "@/lib/crypto/envelope";
import { generateRsaKey } from "@/lib/crypto/key-generation";
import { getMasterKeys } from "@/lib/crypto/master-keys";

// Only RSA-2048, the default and nearly every customer's choice; an RSA-4096 request generates its key then.
export const POOLED_KEY_SIZE = 2048;
// A row that cannot be opened (sealed under a master key since dropped) is discarded; give up after a few.
const MAX_DISCARDS = 3;

/**
 * Takes the oldest pooled key, for use inside the caller's transaction: the row is deleted by the same commit that
 * stores the certificate, so a key ends up in one certificate at most, and goes back to the pool if nothing was
 * stored (the transaction failed, or the portal died). `SKIP LOCKED`: parallel generations take different rows
 * without waiting on each other. Returns `id, encrypted_private_key`, or no row when the pool is empty.
 */
export function takePooledKeySql(): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM key_pool
    WHERE id = (SELECT id FROM key_pool WHERE key_size = ${POOLED_KEY_SIZE}
                ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, encrypted_private_key`;
}

/** The key of a row taken with `takePooledKeySql`; null when it cannot be opened (sealed under a dropped master key). */
export function openPooledKey(row: { id: string; encrypted_private_key: string }): KeyObject | null {
  try {
    const pem = open(row.encrypted_private_key, pooledKeyAad(row.id), getMasterKeys().all);
    try {
      return createPrivateKey({ key: pem, format: "pem" });
    } finally {
      pem.fill(0);
    }
  } catch {
    return null; // deleted with the transaction: an unusable row must not be drawn again
  }
}

/** Takes pooled keys until one opens (see `takePooledKeySql`), giving up after a few unusable rows. */
export async function takePooledKey(tx: Pick<Prisma.TransactionClient, "$queryRaw">): Promise<KeyObject | null> {
  for (let attempt = 0; attempt <= MAX_DISCARDS; attempt++) {
    const [row] = await tx.$queryRaw<{ id: string; encrypted_private_key: string }[]>(takePooledKeySql());
    if (!row) return null;
    const key = openPooledKey(row);
    if (key) return key;
  }
  return null;
}

/** Adds keys until the pool holds `target` (counted before each insert, so several instances overshoot little). */
export async function refillKeyPool(db: Db, target: number): Promise<number> {
  let added = 0;
  while ((await db.pooledKey.count({ where: { keySize: POOLED_KEY_SIZE } })) < target) {
    const key = await generateRsaKey(null, POOLED_KEY_SIZE);
    const pem = key.export({ type: "pkcs8", format: "pem" }) as string;
    const id = randomUUID();
    await db.pooledKey.create({
      data: { id, keySize: POOLED_KEY_SIZE, encryptedPrivateKey: seal(pem, pooledKeyAad(id), getMasterKeys().current) },
      select: { id: true },
    });
    added += 1;
  }
  return added;
}

/** Pooled keys sealed under another master key than `currentId`: dropped on rotation (never handed out, cheap to make). */
export async function dropPooledKeysNotUnder(db: Db, currentId: string): Promise<number> {
  const { count } = await db.pooledKey.deleteMany({
    where: { NOT: { encryptedPrivateKey: { startsWith: `v1:${currentId}:` } } },
  });
  return count;
}
