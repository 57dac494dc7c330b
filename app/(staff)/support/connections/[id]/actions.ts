"use server";

import { revalidatePath } from "next/cache";
import { staffAction } from "@/lib/auth/actions";
import { apiTokenFormSchema, revokeApiTokenFormSchema, type CreatedToken } from "@/lib/api/schemas";
import { createApiToken, revokeApiToken } from "@/lib/api/tokens";
import { renewCertificate } from "@/lib/connections/renew-certificate";
import { renewCertificateStaffSchema, restoreCertificateSchema } from "@/lib/connections/schemas";
import { restoreRetiredCertificate } from "@/lib/connections/restore-certificate";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { INTERVAL_LABELS } from "@/lib/jobs/intervals";
import { setConnectionRetestInterval } from "@/lib/jobs/retest-settings";
import { connectionRetestIntervalSchema } from "@/lib/jobs/schemas";

// Admins (api-tokens:manage) create and revoke the tokens of the connection's tenant from its hand-off panel.

async function tenantOfConnection(connectionId: string): Promise<string> {
  const connection = await getDb().connection.findUnique({ where: { id: connectionId }, select: { tenantId: true } });
  if (!connection) throw new AppError("NOT_FOUND", "No such connection.");
  return connection.tenantId;
}

export const createTenantApiTokenAction = staffAction<typeof apiTokenFormSchema, CreatedToken>(
  "api-tokens:manage",
  apiTokenFormSchema,
  async ({ data, user, ip }) => {
    const tenantId = await tenantOfConnection(data.connectionId);
    const created = await createApiToken(
      getDb(),
      { name: data.name, scopes: data.scopes, expiresDays: data.expiresDays, tenantId },
      user,
      ip,
    );
    revalidatePath(`/support/connections/${data.connectionId}`);
    return {
      ok: true,
      message: `Created the API token "${created.name}".`,
      data: { name: created.name, token: created.token },
    };
  },
);

export const revokeTenantApiTokenAction = staffAction(
  "api-tokens:manage",
  revokeApiTokenFormSchema,
  async ({ data, user, ip }) => {
    await revokeApiToken(getDb(), data.tokenId, user, ip);
    revalidatePath(`/support/connections/${data.connectionId}`);
    return { ok: true, message: "Revoked." };
  },
);

// Support renews with the active certificate's details unchanged; the customer uploads it and tests.
export const renewCertificateStaffAction = staffAction(
  "certificates:renew-any",
  renewCertificateStaffSchema,
  async ({ data, user, ip }) => {
    await renewCertificate({ user, connectionId: data.connectionId, requestToken: data.requestToken, ip });
    revalidatePath(`/support/connections/${data.connectionId}`);
    return {
      ok: true,
      message:
        "New certificate created (pending). Ask the customer to upload its server.crt to their External Client App, replacing the old one, then to run Test connection.",
    };
  },
);

// Rollback for the customer: an earlier certificate whose key is still kept becomes pending again.
export const restoreCertificateStaffAction = staffAction(
  "certificates:renew-any",
  restoreCertificateSchema,
  async ({ data, user, ip }) => {
    const { connectionId } = await restoreRetiredCertificate({ user, certificateId: data.certificateId, ip });
    revalidatePath(`/support/connections/${connectionId}`);
    return {
      ok: true,
      message:
        "Restored as pending. Ask the customer to upload its server.crt to their External Client App again, then to run Test connection.",
    };
  },
);

// Support (tests:run-any): this connection's own re-test interval, or back to its tenant's.
export const setConnectionRetestIntervalAction = staffAction(
  "tests:run-any",
  connectionRetestIntervalSchema,
  async ({ data, user, ip }) => {
    const interval = data.interval === "tenant" ? null : data.interval;
    const result = await setConnectionRetestInterval({ connectionId: data.connectionId, interval, actor: user, ip });
    revalidatePath(`/support/connections/${data.connectionId}`);
    const words = interval ? INTERVAL_LABELS[interval].toLowerCase() : "the tenant's interval";
    return {
      ok: true,
      message: result.changed ? `Scheduled re-tests of ${result.name}: ${words}.` : "Nothing changed.",
    };
  },
);
