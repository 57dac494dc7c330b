import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import type { CreateUserInput } from "@/lib/users/schemas";

// Creates the tenant when missing, then the user, in one transaction. Says what it did.
export async function createUser(db: Db, input: CreateUserInput, actor: AuditActor = null) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw new Error(`A user with email ${input.email} already exists.`);
    let tenant: { id: string; name: string; created: boolean } | null = null;
    if (input.tenant) {
      const found = await tx.tenant.findUnique({ where: { name: input.tenant }, select: { id: true, name: true } });
      tenant = found
        ? { ...found, created: false }
        : {
            ...(await tx.tenant.create({
              data: { id: randomUUID(), name: input.tenant },
              select: { id: true, name: true },
            })),
            created: true,
          };
      if (tenant.created)
        await recordAudit(tx, {
          action: "tenant.created",
          actor,
          tenantId: tenant.id,
          target: ["tenant", tenant.id],
          details: { name: tenant.name },
        });
    }
    const user = await tx.user.create({
      data: { id: randomUUID(), email: input.email, passwordHash, role: input.role, tenantId: tenant?.id ?? null },
      select: { id: true, email: true, role: true },
    });
    await recordAudit(tx, {
      action: "user.created",
      actor,
      tenantId: tenant?.id,
      target: ["user", user.id],
      details: { email: user.email, role: user.role },
    });
    return { user, tenant };
  });
}
