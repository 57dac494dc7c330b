// npm run seed:large [-- --reset]: 10,000 tenants, 20,000 connections, 500,000 test runs and 1,000,000 audit
// entries, for the dashboard benchmark. Set-based SQL (INSERT ... SELECT generate_series), so it takes minutes, not hours.
// Uses DATABASE_URL, else the embedded cluster under PORTAL_DATA_DIR. Seeded tenants are named "Seed ...".
import { parseArgs } from "node:util";
import pg from "pg";
import { openCliDatabase } from "./cli-database";
import { migrate } from "@/lib/db/migrate";
import { SEED_STEPS, SEED_TOTALS } from "./seed-large-sql";

const { values } = parseArgs({ options: { reset: { type: "boolean", default: false } } });

const database = await openCliDatabase();
const client = new pg.Client({ connectionString: database.url });
const started = Date.now();
try {
  const host = new URL(database.url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`refusing to seed a non-local database (${host}).`);
  }
  await migrate(database.url);
  await client.connect();
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE name LIKE 'Seed %'`);
  const existing = rows[0]?.n ?? 0;
  if (existing > 0 && !values.reset) {
    console.log(`Already seeded (${existing} "Seed ..." tenants). Run again with -- --reset to replace them.`);
  } else {
    if (existing > 0) await timed("remove the previous seed", () => removeSeed(client));
    // Bulk load: losing the last commits on a crash is fine for generated data.
    await client.query("SET synchronous_commit = off");
    await client.query("SELECT setseed(0.42)");
    for (const step of SEED_STEPS) await timed(step.label, () => client.query(step.sql));
    // The status update left a dead copy of every connection row: compact the small table, refresh the rest's statistics.
    await timed("vacuum and analyze", async () => {
      await client.query("VACUUM (FULL, ANALYZE) connections");
      await client.query("VACUUM (ANALYZE) tenants, users, certificates, test_runs, audit_events");
    });
    const counts = await client.query(SEED_TOTALS);
    console.table(counts.rows);
    console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
} catch (error) {
  console.error(`Could not seed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.end().catch(() => undefined);
  await database.stop();
}

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const t0 = Date.now();
  await run();
  console.log(`${label.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
}

async function removeSeed(db: pg.Client): Promise<void> {
  await db.query("BEGIN");
  await db.query(`CREATE TEMP TABLE old_seed ON COMMIT DROP AS SELECT id FROM tenants WHERE name LIKE 'Seed %'`);
  await db.query(`DELETE FROM audit_events WHERE tenant_id IN (SELECT id FROM old_seed)`);
  await db.query(`DELETE FROM connections WHERE tenant_id IN (SELECT id FROM old_seed)`); // cascades to certificates and runs
  await db.query(`DELETE FROM invitations WHERE tenant_id IN (SELECT id FROM old_seed)`);
  await db.query(`DELETE FROM users WHERE tenant_id IN (SELECT id FROM old_seed)`);
  await db.query(`DELETE FROM tenants WHERE id IN (SELECT id FROM old_seed)`);
  await db.query("COMMIT");
}
