import "server-only";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { parseChecklistState } from "@/lib/connections/checklist";
import { getDb } from "@/lib/db/client";
import { forTenant } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

const NOT_FOUND = "This connection does not exist or you do not have access to it.";

export async function setChecklistStep(input: {
  tenantId: string;
  connectionId: string;
  step: string;
  done: boolean;
  actor: AuditActor;
  ip: string | null;
}): Promise<void> {
  const tdb = forTenant(getDb(), input.tenantId);
  await tdb.$transaction(async (tx) => {
    const current = await tx.connection.findFirst({ where: { id: input.connectionId }, select: { checklist: true } });
    if (!current) throw new AppError("NOT_FOUND", NOT_FOUND);
    const checklist = { ...parseChecklistState(current.checklist), [input.step]: input.done };
    await tx.connection.update({ where: { id: input.connectionId }, data: { checklist }, select: { id: true } });
    await recordAudit(
      tx,
      commandAudit(input, "checklist.updated", ["connection", input.connectionId], {
        step: input.step,
        done: input.done,
      }),
    );
  });
}
