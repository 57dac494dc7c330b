import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { forTenant } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

export async function createConnection(input: {
  tenantId: string;
  name: string;
  actor: AuditActor;
  ip: string | null;
}) {
  const tdb = forTenant(getDb(), input.tenantId);
  const existing = await tdb.connection.findFirst({ where: { name: input.name }, select: { id: true } });
  if (existing)
    throw new AppError("CONFLICT", `You already have a connection named "${input.name}". Choose another name.`);
  const id = randomUUID();
  await tdb.$transaction(async (tx) => {
    await tx.connection.create({ data: { id, tenantId: input.tenantId, name: input.name }, select: { id: true } });
    await recordAudit(tx, commandAudit(input, "connection.created", ["connection", id], { name: input.name }));
  });
  return { id };
}
