import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

// A fresh database per run: a throwaway embedded cluster, or a new database on TEST_DATABASE_URL's server.
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const admin = new URL(external);
    if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(admin.hostname)) {
      throw new Error(`Refusing to run tests against a non-local database (${admin.hostname}).`);
    }
    const name = `portal_test_${randomBytes(6).toString("hex")}`;
    await withClient(external, (c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(external);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    project.provide("databaseUrl", url.toString());
    project.provide("databaseKind", "external");
    return async () => {
      await withClient(external, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  }
  const dataDir = path.join(os.tmpdir(), `portal-test-${randomBytes(6).toString("hex")}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const db = await startEmbeddedPostgres({ dataDir, port, database: "portal_test" });
  await migrate(db.url);
  project.provide("databaseUrl", db.url);
  project.provide("databaseKind", "embedded");
  return async () => {
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function withClient(url: string, run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "external";
  }
}
