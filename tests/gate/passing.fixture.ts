// The control for failing.fixture.ts: the same run, passing, must exit 0 (the gate is not simply always shut).
import pg from "pg";
import { expect, inject, test } from "vitest";

test("reaches the real database", async () => {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
  await client.end();
  expect(rows[0]?.one).toBe(1);
});
