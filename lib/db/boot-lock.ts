import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Prisma } from "@/lib/db/generated/client";

// Each portal process has a boot id and, while it runs, holds a session advisory lock named after it on a connection
// of its own. PostgreSQL drops the lock when that connection dies, so `kill -9`, a crash or a lost host all release
// it at once: "is the process that started this run alive?" is a lookup in pg_locks, and it holds for any number of
// instances on one database. Two-key form, namespace below: it cannot collide with lockLimit's one-key locks.
export const BOOT_LOCK_NAMESPACE = 7301;
const RETRY_MS = 1_000;
// A restarted PostgreSQL has lost every boot lock; live processes take theirs again within about RETRY_MS. Until the
// server has been up this long, a missing lock proves nothing (lib/connections/interrupted-runs.ts waits for it).
export const BOOT_LOCK_GRACE_MS = 5_000;

type BootState = { id: string; client: pg.Client | null; held: boolean; stopped: boolean; url: string | null };
const globalForBoot = globalThis as unknown as { portalBoot?: BootState };

function state(): BootState {
  globalForBoot.portalBoot ??= { id: randomUUID(), client: null, held: false, stopped: false, url: null };
  return globalForBoot.portalBoot;
}

/**
 * SQL: true when the process whose boot id is in `bootId` (a column) surely no longer runs: its lock is not held,
 * and PostgreSQL has been up long enough for live processes to have taken theirs again. False for a null boot id.
 * A two-key advisory lock shows in pg_locks as classid = key 1, objid = key 2 (as an unsigned oid), objsubid = 2.
 */
export function bootGoneSql(bootId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(
    ${bootId} IS NOT NULL
    AND pg_postmaster_start_time() < now() - make_interval(secs => ${BOOT_LOCK_GRACE_MS / 1000}::float8)
    AND NOT EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = ${BOOT_LOCK_NAMESPACE}::int8::oid
        AND l.objid = (hashtext(${bootId}::text)::int8 & 4294967295)::oid
    )
  )`;
}

/** The boot id to stamp on a run, or null while the lock is not held (the run then expires by age only). */
export function heldBootId(): string | null {
  const boot = state();
  return boot.held ? boot.id : null;
}

/**
 * Takes this process's boot lock and keeps it: after a database restart the lock connection is re-made every second
 * until it succeeds. Resolves once the first attempt is over (held or not); never rejects, because a portal whose
 * database is down at boot must still start and answer 503s.
 */
export async function keepBootLock(url: string): Promise<boolean> {
  const boot = state();
  boot.url = url;
  boot.stopped = false;
  if (boot.client) return boot.held;
  return attempt(boot);
}

export async function releaseBootLock(): Promise<void> {
  const boot = state();
  boot.stopped = true;
  const client = boot.client;
  boot.client = null;
  boot.held = false;
  await client?.end().catch(() => undefined);
}

async function attempt(boot: BootState): Promise<boolean> {
  if (boot.stopped || !boot.url || boot.client) return boot.held;
  const client = new pg.Client({
    connectionString: boot.url,
    application_name: "portal-boot-lock",
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  boot.client = client;
  // An error on this idle connection (the server restarted) is followed by 'end': retry there, never crash.
  client.on("error", () => undefined);
  client.once("end", () => lost(boot, client));
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked",
      [BOOT_LOCK_NAMESPACE, boot.id],
    );
    boot.held = rows[0]?.locked === true;
  } catch {
    lost(boot, client);
    void client.end().catch(() => undefined);
  }
  return boot.held;
}

// The lock went with its connection: forget it and try again shortly (once per lost connection).
function lost(boot: BootState, client: pg.Client): void {
  if (boot.client !== client) return;
  boot.client = null;
  boot.held = false;
  if (!boot.stopped) setTimeout(() => void attempt(boot), RETRY_MS).unref();
}
