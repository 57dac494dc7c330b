import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { BENCH_CERTIFICATE_REQUEST } from "./certificate-request";
import { signInOverHttp } from "./portal-process";
import { timed } from "./stats";

type Customer = { tenantId: string; email: string; password: string };

/** `count` customers, each in a tenant of its own: the burst is many tenants at once, not one tenant's retries. */
export async function makeBenchCustomers(db: Db, count: number, password: string): Promise<Customer[]> {
  const { createUser } = await import("@/lib/users/create-user");
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${randomUUID()}@example.test`;
    const { tenant } = await createUser(db, { email, password, role: "customer", tenant: `Bench ${randomUUID()}` });
    customers.push({ tenantId: tenant!.id, email, password });
  }
  return customers;
}

/** Every customer clicks Generate at the same moment, over HTTP: milliseconds from request to the 201 (row stored). */
export async function httpBurst(db: Db, baseUrl: string, cookies: string[], customers: Customer[]) {
  const connections = await Promise.all(
    customers.map(async (c) => {
      const id = randomUUID();
      await db.connection.create({ data: { id, tenantId: c.tenantId, name: `Burst ${id}` } });
      return id;
    }),
  );
  const results = await Promise.all(
    connections.map((connectionId, i) =>
      timed(() =>
        fetch(`${baseUrl}/api/connections/${connectionId}/certificates`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: cookies[i]! },
          body: JSON.stringify({ ...BENCH_CERTIFICATE_REQUEST, requestToken: randomUUID() }),
        }).then((r) => r.status),
      ),
    ),
  );
  return { latencies: results.map(([ms]) => ms), statuses: results.map(([, status]) => status) };
}

export function signInAll(baseUrl: string, customers: Customer[]): Promise<string[]> {
  return Promise.all(customers.map((c) => signInOverHttp(baseUrl, c.email, c.password)));
}

/** Waits until the portal's background refill has put `size` keys in the pool. */
export async function waitForPool(db: Db, size: number, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  while ((await db.pooledKey.count()) < size) {
    if (Date.now() - started > timeoutMs) throw new Error(`the key pool did not reach ${size} keys`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return Date.now() - started;
}
