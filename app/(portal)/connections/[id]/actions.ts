"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { customerAction } from "@/lib/auth/actions";
import { CHECKLIST_STEP_IDS } from "@/lib/connections/checklist";
import { saveSalesforceFields, setChecklistStep } from "@/lib/connections/update";
import { salesforceFieldsSchema } from "@/lib/connections/salesforce-fields";
import { getEnv } from "@/lib/env";

const connectionId = z.object({ connectionId: z.uuid("Unknown connection.") });

export const saveSalesforceFieldsAction = customerAction(
  z.lazy(() => z.intersection(salesforceFieldsSchema(getEnv().SALESFORCE_EXTRA_ALLOWED_ORIGINS), connectionId)),
  async ({ data, user, tenantId, ip }) => {
    const { connectionId: id, ...fields } = data;
    const changed = await saveSalesforceFields({ tenantId, connectionId: id, fields, actor: user, ip });
    revalidatePath(`/connections/${id}`);
    return { ok: true, message: changed.length ? "Saved. Now run Test connection." : "Nothing changed." };
  },
);

export const setChecklistStepAction = customerAction(
  connectionId.extend({ step: z.enum(CHECKLIST_STEP_IDS as [string, ...string[]]), done: z.enum(["true", "false"]) }),
  async ({ data, user, tenantId, ip }) => {
    await setChecklistStep({ tenantId, connectionId: data.connectionId, step: data.step, done: data.done === "true", actor: user, ip });
    revalidatePath(`/connections/${data.connectionId}`);
    return { ok: true };
  },
);
