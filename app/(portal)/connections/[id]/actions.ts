"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiTokenFormSchema, revokeApiTokenFormSchema, type CreatedToken } from "@/lib/api/schemas";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { customerAction } from "@/lib/auth/actions";
import { connectionFieldsSchema, myDomainSchema, shownClientIdSchema } from "@/lib/connections/schemas";
import { saveSalesforceFields } from "@/lib/connections/save-salesforce-fields";
import { connectionRefSchema, restoreCertificateSchema, setChecklistStepSchema } from "@/lib/connections/schemas";
import { restoreRetiredCertificate } from "@/lib/connections/restore-certificate";
import { setChecklistStep } from "@/lib/connections/set-checklist-step";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Step 1: the My Domain URL (with the environment and Gov Cloud options); it personalises the rest of the page.
export const saveMyDomainAction = customerAction(
  z.lazy(() => z.intersection(myDomainSchema(getEnv().SALESFORCE_EXTRA_ALLOWED_ORIGINS), connectionRefSchema)),
  async ({ data, user, tenantId, ip }) => {
    const { connectionId: id, ...fields } = data;
    const { changed } = await saveSalesforceFields({ tenantId, connectionId: id, fields, actor: user, ip });
    revalidatePath(`/connections/${id}`);
    return { ok: true, message: changed.length ? `Saved your My Domain, ${fields.instanceUrl}.` : "Nothing changed." };
  },
);

// Step 4: the username, the Client ID and the API version.
export const saveSalesforceFieldsAction = customerAction(
  z.intersection(connectionFieldsSchema, connectionRefSchema.extend({ clientIdShown: shownClientIdSchema })),
  async ({ data, user, tenantId, ip }) => {
    const { connectionId: id, clientIdShown, ...fields } = data;
    const { changed, clientId } = await saveSalesforceFields({
      tenantId,
      connectionId: id,
      fields,
      ...(clientIdShown === undefined ? {} : { shown: { clientId: clientIdShown } }),
      actor: user,
      ip,
    });
    revalidatePath(`/connections/${id}`);
    if (!clientId) return { ok: true, message: NO_CLIENT_ID };
    return { ok: true, message: changed.length ? "Saved. Now run Test connection." : "Nothing changed." };
  },
);

const NO_CLIENT_ID =
  "Saved, without a Client ID: download the Salesforce bundle in step 3 (it chooses one), or paste the Client ID (Consumer Key) of the app you made by hand.";

export const setChecklistStepAction = customerAction(setChecklistStepSchema, async ({ data, user, tenantId, ip }) => {
  await setChecklistStep({
    tenantId,
    connectionId: data.connectionId,
    step: data.step,
    done: data.done,
    actor: user,
    ip,
  });
  revalidatePath(`/connections/${data.connectionId}`);
  return { ok: true };
});

// API tokens of the customer's own tenant; createApiToken refuses unless an admin allowed key export for it.
export const createApiTokenAction = customerAction<typeof apiTokenFormSchema, CreatedToken>(
  apiTokenFormSchema,
  async ({ data, user, tenantId, ip }) => {
    const created = await createApiToken(
      getDb(),
      { name: data.name, scopes: data.scopes, expiresDays: data.expiresDays, tenantId },
      user,
      ip,
    );
    revalidatePath(`/connections/${data.connectionId}`);
    return {
      ok: true,
      message: `Created the API token "${created.name}".`,
      data: { name: created.name, token: created.token },
    };
  },
);

export const revokeApiTokenAction = customerAction(revokeApiTokenFormSchema, async ({ data, user, ip }) => {
  await revokeApiToken(getDb(), data.tokenId, user, ip);
  revalidatePath(`/connections/${data.connectionId}`);
  return { ok: true, message: "Revoked." };
});

// Rollback: an earlier certificate whose key is still kept becomes pending again.
export const restoreCertificateAction = customerAction(restoreCertificateSchema, async ({ data, user, ip }) => {
  const { connectionId } = await restoreRetiredCertificate({ user, certificateId: data.certificateId, ip });
  revalidatePath(`/connections/${connectionId}`);
  return { ok: true, message: RESTORED };
});

const RESTORED =
  "Restored as pending. Upload its server.crt to your External Client App again, then run Test connection: it goes back into use once Salesforce accepts it.";
