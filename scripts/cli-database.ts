import path from "node:path";
import { defaultDataOptions, openDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";

export const projectRoot = path.resolve(import.meta.dirname, "..");

// The database a CLI works on: DATABASE_URL, the running portal's embedded cluster, or that cluster started for
// the duration. A failure ends the command with its reason instead of a stack trace.
export async function openCliDatabase(): Promise<EmbeddedDatabase> {
  try {
    return await openDatabase(defaultDataOptions(projectRoot));
  } catch (error) {
    console.error(`Could not open the database: ${(error as Error).message}`);
    process.exit(1);
  }
}
