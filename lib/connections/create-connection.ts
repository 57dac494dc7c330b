import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { forTenant } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { lockLimit } from "@/lib/limits/rate-limit";

export async function createConnection(input: {
  tenantId: string;
  name: string;
  actor: AuditActor;
  ip: string | null;
}) {
  const cap = getEnv().MAX_CONNECTIONS_PER_TENANT;
  const id = randomUUID();
  // Counting and inserting under one per-tenant lock: parallel creates (on any instance) cannot pass the cap together.
  await forTenant(getDb(), input.tenantId).$transaction(async (tx) => {
    await lockLimit(tx, `connections:${input.tenantId}`);
    if ((await tx.connection.count()) >= cap) {
      const message = `Your company has reached its limit of ${cap} connections. Ask support to raise it.`;
      throw new AppError("CONFLICT", message, { name: message });
    }
    const existing = await tx.connection.findFirst({ where: { name: input.name }, select: { id: true } });
    if (existing)
      throw new AppError("CONFLICT", `You already have a connection named "${input.name}". Choose another name.`);
    await tx.connection.create({ data: { id, tenantId: input.tenantId, name: input.name }, select: { id: true } });
    await recordAudit(tx, commandAudit(input, "connection.created", ["connection", id], { name: input.name }));
  });
  return { id };
}
