import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { setupTestEnvironment } from "../support/env";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");
let admin: pg.Client;
let created: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `mig_${Math.random().toString(16).slice(2, 10)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(setupTestEnvironment());
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: setupTestEnvironment() });
  await admin.connect();
});

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  created = [];
});

describe("migrations", () => {
  it("builds the whole schema on an empty database and records Prisma-compatible checksums", async () => {
    const url = await emptyDatabase();
    const first = await migrate(url);
    expect(first.applied).toContain("20261128173000_init");
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(
      expect.arrayContaining([
        "_prisma_migrations",
        "audit_events",
        "certificates",
        "connections",
        "invitations",
        "test_runs",
        "tenants",
        "users",
      ]),
    );
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(url, `SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations`);
    const init = rows.find((r) => r.migration_name === "20261128173000_init")!;
    const sql = await readFile(path.join(MIGRATIONS, "20261128173000_init", "migration.sql"));
    expect(init.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(init.finished_at).not.toBeNull();
    expect(init.applied_steps_count).toBe(1);

    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await cp(MIGRATIONS, dir, { recursive: true });
    await migrate(url, dir);
    const file = path.join(dir, "20261128173000_init", "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    await expect(migrate(url, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it("rolls a failing migration back completely, leaving no half-applied schema", async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await cp(MIGRATIONS, dir, { recursive: true });
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`,
    );
    await expect(migrate(url, dir)).rejects.toThrow(/29990101000000_broken failed/);
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(tables).toEqual([]);
    const rows = await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`,
    );
    const real = (await readdir(MIGRATIONS, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(rows.map((r) => r.migration_name)).toEqual(real);
  });

  it("moves existing rows onto the tenant keys: consistent rows untouched, a mismatched one aligned with its connection", async () => {
    const url = await emptyDatabase();
    const before = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < "20261130110000_tenant_keys") {
        await cp(path.join(MIGRATIONS, entry.name), path.join(before, entry.name), { recursive: true });
      }
    }
    await migrate(url, before);
    const [tenantA, tenantB, connection, good, bad] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    await query(
      url,
      `INSERT INTO tenants (id, name) VALUES ('${tenantA}', 'A'), ('${tenantB}', 'B');
       INSERT INTO connections (id, tenant_id, name, updated_at) VALUES ('${connection}', '${tenantA}', 'A org', now());
       INSERT INTO test_runs (id, connection_id, tenant_id, outcome) VALUES
         ('${good}', '${connection}', '${tenantA}', 'connected'), ('${bad}', '${connection}', '${tenantB}', 'failed');`,
    );
    expect((await migrate(url)).applied).toContain("20261130110000_tenant_keys");
    const runs = await query<{ id: string; tenant_id: string }>(url, `SELECT id, tenant_id FROM test_runs ORDER BY id`);
    expect(runs).toEqual(
      [
        { id: good, tenant_id: tenantA },
        { id: bad, tenant_id: tenantA },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    await expect(
      query(
        url,
        `INSERT INTO test_runs (id, connection_id, tenant_id) VALUES ('${randomUUID()}', '${connection}', '${tenantB}')`,
      ),
    ).rejects.toThrow(/test_runs_connection_id_tenant_id_fkey/);
  });

  it("gives existing certificates a state: the newest per connection active, older ones retired from now", async () => {
    const url = await emptyDatabase();
    const before = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < "20261130150000_certificate_renewal") {
        await cp(path.join(MIGRATIONS, entry.name), path.join(before, entry.name), { recursive: true });
      }
    }
    await migrate(url, before);
    const [tenant, connection, older, newer] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const cert = (id: string, createdAt: string) =>
      `('${id}', '${connection}', '${tenant}', '{}', 'CN=x', '01', 'ff', 2048, now(), now(), 'pem', 'v1:k:x', '${id}', '${createdAt}')`;
    await query(
      url,
      `INSERT INTO tenants (id, name) VALUES ('${tenant}', 'A');
       INSERT INTO connections (id, tenant_id, name, updated_at) VALUES ('${connection}', '${tenant}', 'A org', now());
       INSERT INTO certificates (id, connection_id, tenant_id, subject, subject_text, serial_hex, fingerprint_sha256,
         key_size, not_before, not_after, certificate_pem, encrypted_private_key, request_token, created_at)
       VALUES ${cert(older, "2026-01-01T00:00:00Z")}, ${cert(newer, "2026-06-01T00:00:00Z")};`,
    );
    expect((await migrate(url)).applied).toContain("20261130150000_certificate_renewal");
    const rows = await query<{ id: string; status: string; recent: boolean | null }>(
      url,
      `SELECT id, status::text, retired_at > now() - interval '1 minute' AS recent FROM certificates ORDER BY created_at`,
    );
    expect(rows).toEqual([
      { id: older, status: "retired", recent: true },
      { id: newer, status: "active", recent: null },
    ]);
    // At most one active certificate per connection, from now on.
    await expect(
      query(url, `UPDATE certificates SET status = 'active', retired_at = NULL WHERE id = '${older}'`),
    ).rejects.toThrow(/certificates_one_active/);
  });

  it("dates existing connections from their runs: last success, failures since, and when the status began", async () => {
    const url = await emptyDatabase();
    const before = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name < "20261130150000_scheduled_retests") {
        await cp(path.join(MIGRATIONS, entry.name), path.join(before, entry.name), { recursive: true });
      }
    }
    await migrate(url, before);
    const [tenant, failing, fine, fresh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const run = (connection: string, outcome: string, hoursAgo: number) =>
      `('${randomUUID()}', '${connection}', '${tenant}', '${outcome}', now() - interval '${hoursAgo} hours')`;
    await query(
      url,
      `INSERT INTO tenants (id, name) VALUES ('${tenant}', 'T');
       INSERT INTO connections (id, tenant_id, name, status, last_tested_at) VALUES
         ('${failing}', '${tenant}', 'failing', 'failed', now() - interval '1 hour'),
         ('${fine}', '${tenant}', 'fine', 'connected', now() - interval '2 hours'),
         ('${fresh}', '${tenant}', 'fresh', 'never_tested', NULL);
       INSERT INTO test_runs (id, connection_id, tenant_id, outcome, started_at) VALUES
         ${run(failing, "connected", 50)}, ${run(failing, "failed", 30)}, ${run(failing, "failed", 1)},
         ${run(fine, "failed", 5)}, ${run(fine, "warnings", 4)}, ${run(fine, "connected", 2)};`,
    );
    expect((await migrate(url)).applied).toContain("20261130150000_scheduled_retests");
    const rows = await query<{ name: string; failures: number; since_h: number | null; success_h: number | null }>(
      url,
      `SELECT name, consecutive_failures AS failures,
              round(extract(epoch FROM now() - status_since) / 3600)::int AS since_h,
              round(extract(epoch FROM now() - last_success_at) / 3600)::int AS success_h
       FROM connections ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: "failing", failures: 2, since_h: 30, success_h: 50 },
      { name: "fine", failures: 0, since_h: 2, success_h: 2 },
      { name: "fresh", failures: 0, since_h: null, success_h: null },
    ]);
  });
});
