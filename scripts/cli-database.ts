import path from "node:path";
import type { EmbeddedDatabase } from "@/lib/db/embedded";

// The checkout, or the standalone folder when a CLI runs bundled (<standalone>/portal/*.mjs).
export const projectRoot = path.resolve(import.meta.dirname, "..");

// The database a CLI works on: DATABASE_URL, the running portal's embedded cluster, or that cluster started for
// the duration. A failure ends the command with its reason instead of a stack trace.
export async function openCliDatabase(): Promise<EmbeddedDatabase> {
  // With DATABASE_URL (the container), the embedded PostgreSQL is not loaded at all: the image has none.
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => undefined };
  try {
    const { defaultDataOptions, openDatabase } = await import("@/lib/db/embedded");
    return await openDatabase(defaultDataOptions(projectRoot));
  } catch (error) {
    console.error(`Could not open the database: ${(error as Error).message}`);
    process.exit(1);
  }
}
