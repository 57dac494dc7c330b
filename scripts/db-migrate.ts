// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database).
import path from "node:path";
import { defaultDataOptions, openDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

const database = await openDatabase(defaultDataOptions(path.resolve(import.meta.dirname, ".."))).catch((error: Error) => {
  console.error(`Could not open the database: ${error.message}`);
  process.exit(1);
});
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
