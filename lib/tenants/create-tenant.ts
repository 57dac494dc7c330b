import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

type Actor = NonNullable<AuditActor>;

export async function createTenant(input: { name: string; actor: Actor; ip: string | null }) {
  const db = getDb();
  const taken = await db.tenant.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken)
    throw new AppError("CONFLICT", `A tenant named "${input.name}" already exists. Open it from the list instead.`);
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.tenant.create({ data: { id, name: input.name }, select: { id: true } });
    await recordAudit(
      tx,
      commandAudit({ ...input, tenantId: id }, "tenant.created", ["tenant", id], { name: input.name }),
    );
  });
  return { id };
}
