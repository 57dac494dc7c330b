import "server-only";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { salesforceFieldsSelect, type SalesforceFields } from "@/lib/connections/schemas";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";

const NOT_FOUND = "This connection does not exist or you do not have access to it.";

// Saves some of the Salesforce fields; a changed instance URL, environment or Client ID forgets the saved
// host/audience pair. Returns the fields that changed and the Client ID now saved.
export async function saveSalesforceFields(input: {
  tenantId: string;
  connectionId: string;
  // One form's fields: the My Domain step or the connection fields step.
  fields: Partial<SalesforceFields>;
  // What the form showed as saved. A field sent back as shown whose saved value has changed since keeps the saved
  // value: the customer did not touch it, something else set it (the Salesforce bundle's download chose the Client
  // ID while the form, rendered before, still showed it empty).
  shown?: Partial<SalesforceFields>;
  actor: AuditActor;
  ip: string | null;
}): Promise<{ changed: string[]; clientId: string | null }> {
  if (!isUuid(input.connectionId)) throw new AppError("NOT_FOUND", NOT_FOUND);
  const tdb = forTenant(getDb(), input.tenantId);
  return tdb.$transaction(async (tx) => {
    const current = await tx.connection.findFirst({
      where: { id: input.connectionId },
      select: salesforceFieldsSelect,
    });
    if (!current) throw new AppError("NOT_FOUND", NOT_FOUND);
    const shown = input.shown ?? {};
    const fields = Object.fromEntries(
      Object.entries(input.fields).filter(
        ([k, v]) =>
          !(k in shown && shown[k as keyof SalesforceFields] === v && current[k as keyof SalesforceFields] !== v),
      ),
    ) as Partial<SalesforceFields>;
    const changed = (Object.keys(fields) as (keyof SalesforceFields)[]).filter((k) => current[k] !== fields[k]);
    const clientId = fields.clientId !== undefined ? fields.clientId : current.clientId;
    if (changed.length === 0) return { changed, clientId };
    // The host/audience pair was learnt for one org and one app.
    const pairInvalid = (["instanceUrl", "environment", "myDomainOnly", "clientId"] as const).some((k) =>
      changed.includes(k),
    );
    await tx.connection.update({
      where: { id: input.connectionId },
      data: {
        ...fields,
        ...(pairInvalid ? { tokenHost: null, audience: null } : {}),
        ...(changed.includes("instanceUrl") ? { orgInstanceUrl: null } : {}),
      },
      select: { id: true },
    });
    await recordAudit(tx, commandAudit(input, "connection.updated", ["connection", input.connectionId], { changed }));
    return { changed, clientId };
  });
}
