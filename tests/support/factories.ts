import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";

// Fresh, uniquely named tenants and users per test: no shared fixtures.
export function uniqueName(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString("hex")}`;
}

export async function makeCustomer(db: Db, tenantName = uniqueName("Tenant")) {
  const email = `customer-${randomBytes(5).toString("hex")}@example.test`;
  const { user, tenant } = await createUser(db, {
    email,
    password: "correct horse battery",
    role: "customer",
    tenant: tenantName,
  });
  return { user: { ...user, tenantId: tenant!.id }, tenant: tenant! };
}

export async function makeConnection(db: Db, tenantId: string, name = uniqueName("Connection")) {
  return db.connection.create({
    data: { id: randomUUID(), tenantId, name },
    select: { id: true, tenantId: true, name: true },
  });
}
