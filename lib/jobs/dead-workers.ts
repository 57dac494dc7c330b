import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { bootGoneSql } from "@/lib/db/boot-lock";
import { hasJobSchema } from "@/lib/jobs/dead-letter";
import { errorText, log } from "@/lib/log";

// graphile-worker unlocks a dead worker's jobs only after 4 hours. The portal knows sooner: each worker is recorded
// with its process's boot id (lib/jobs/worker.ts), and a process that died without stopping has lost its boot lock
// (lib/db/boot-lock.ts). The notifier's minute tick and every worker's start unlock those workers' jobs and queues,
// so a scheduled re-test or a webhook endpoint killed mid-job resumes within a minute. The job keeps its attempts.

type Query = { query: (sql: string, values: unknown[]) => Promise<unknown> };

/**
 * Records a new worker of this process; best effort, three tries 2 s apart (a busy database at start-up), after which
 * an unrecorded worker falls back to graphile-worker's 4 hours.
 */
export async function recordWorker(client: Query, workerId: string, bootId: string | null): Promise<void> {
  if (!bootId) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`INSERT INTO job_workers (worker_id, boot_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`, [
        workerId,
        bootId,
      ]);
      return;
    } catch (error) {
      if (attempt >= 3) {
        log.warn({ component: "jobs", workerId, err: errorText(error) }, "could not record a worker");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

/** Unlocks what workers of dead processes held, and forgets them. Returns how many workers were released. */
export async function releaseDeadWorkers(db: Db): Promise<number> {
  if (!(await hasJobSchema(db))) return 0;
  const gone = await db.$queryRaw<{ worker_id: string }[]>(
    Prisma.sql`SELECT worker_id FROM job_workers w WHERE ${bootGoneSql(Prisma.sql`w.boot_id`)}`,
  );
  if (gone.length === 0) return 0;
  const ids = gone.map((g) => g.worker_id);
  await db.$executeRaw`SELECT graphile_worker.force_unlock_workers(${ids}::text[])`;
  await db.$executeRaw`DELETE FROM job_workers WHERE worker_id = ANY(${ids}::text[])`;
  return ids.length;
}
