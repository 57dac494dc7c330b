import "server-only";
import { createPrivateKey, randomUUID, type KeyObject } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { open, pooledKeyAad, seal } from "@/lib/crypto/envelope";
import { generateRsaKey } from "@/lib/crypto/key-generation";
import { getMasterKeys } from "@/lib/crypto/master-keys";

// Only RSA-2048, the default and nearly every customer's choice; an RSA-4096 request generates its key then.
export const POOLED_KEY_SIZE = 2048;

/**
 * Takes the oldest pooled key when `when` holds (a condition on the rest of the statement): the row is deleted as it
 * is read, so a key serves one generation at most, and is gone even if that generation then fails (the portal dies,
 * the store is refused). `SKIP LOCKED`: parallel generations take different rows without waiting on each other.
 * Returns `id, encrypted_private_key`, or no row when the pool is empty.
 */
export function takePooledKeySql(when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM key_pool
    WHERE id = (SELECT id FROM key_pool WHERE key_size = ${POOLED_KEY_SIZE} AND ${when}
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
    return null; // already deleted: an unusable row is not drawn again, and the caller makes a fresh key
  }
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
