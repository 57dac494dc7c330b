// Fails on purpose: scripts/check-exit-codes.ts runs it and requires vitest to exit non-zero.
// Outside the integration include pattern; only PORTAL_EXIT_GATE=1 adds it.
import pg from "pg";
import { expect, inject, test } from "vitest";

test("fails on purpose after reaching the real database", async () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
  await client.end();
  expect(rows[0]?.one).toBe(2);
});
