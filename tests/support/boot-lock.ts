import type { Db } from "@/lib/db/client";
import { bootGoneSql } from "@/lib/db/boot-lock";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Waits until the portal's own rule (`bootGoneSql`) counts the process with `bootId` as gone: PostgreSQL ends a
 * killed client's backend, and so drops its boot lock, a moment after the kill (longer under load), and a missing
 * lock proves nothing in the first seconds after PostgreSQL starts. Gives up silently after 15 s; the caller's
 * assertions then fail with their own message.
 */
export async function waitUntilBootGone(db: Db, bootId: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const [row] = await db.$queryRaw<{ gone: boolean }[]>`SELECT ${bootGoneSql(Prisma.sql`${bootId}::uuid`)} AS gone`;
    if (row?.gone) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
