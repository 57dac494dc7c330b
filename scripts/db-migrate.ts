// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database).
import { openCliDatabase } from "./cli-database";
import { runMigrations } from "graphile-worker";
import { migrate } from "@/lib/db/migrate";
import { quietJobLogger } from "@/lib/jobs/worker";

const database = await openCliDatabase();
try {
  const { applied, alreadyApplied } = await migrate(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
  console.log(`${alreadyApplied} migration(s) were already applied.`);
  // The job queue's own schema (graphile_worker), which a worker would otherwise install when it first starts.
  await runMigrations({ connectionString: database.url, logger: quietJobLogger });
  console.log("Job queue schema (graphile_worker) is up to date.");
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
