import "server-only";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { salesforceFieldsSelect, type SalesforceFields } from "@/lib/connections/schemas";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

const NOT_FOUND = "This connection does not exist or you do not have access to it.";

// Saves some of the Salesforce fields; a changed instance URL, environment or Client ID forgets the saved
// host/audience pair.
export async function saveSalesforceFields(input: {
  tenantId: string;
  connectionId: string;
  // One form's fields: the My Domain step or the connection fields step.
  fields: Partial<SalesforceFields>;
  actor: AuditActor;
  ip: string | null;
}): Promise<string[]> {
  if (!isUuid(input.connectionId)) throw new AppError("NOT_FOUND", NOT_FOUND);
  const tdb = forTenant(getDb(), input.tenantId);
  return tdb.$transaction(async (tx) => {
    const current = await tx.connection.findFirst({
      where: { id: input.connectionId },
      select: salesforceFieldsSelect,
    });
    if (!current) throw new AppError("NOT_FOUND", NOT_FOUND);
    const changed = (Object.keys(input.fields) as (keyof SalesforceFields)[]).filter(
      (k) => current[k] !== input.fields[k],
    );
    if (changed.length === 0) return changed;
    // The host/audience pair was learnt for one org and one app.
    const pairInvalid = (["instanceUrl", "environment", "myDomainOnly", "clientId"] as const).some((k) =>
      changed.includes(k),
    );
    await tx.connection.update({
      where: { id: input.connectionId },
      data: {
        ...input.fields,
        ...(pairInvalid ? { tokenHost: null, audience: null } : {}),
        ...(changed.includes("instanceUrl") ? { orgInstanceUrl: null } : {}),
      },
      select: { id: true },
    });
    await recordAudit(tx, commandAudit(input, "connection.updated", ["connection", input.connectionId], { changed }));
    return changed;
  });
}
