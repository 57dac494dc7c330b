// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database).
import { openCliDatabase } from "./cli-database";
import { migrate } from "@/lib/db/migrate";

const database = await openCliDatabase();
try {
  const { applied, alreadyApplied } = await migrate(database.url);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
  console.log(`${alreadyApplied} migration(s) were already applied.`);
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
