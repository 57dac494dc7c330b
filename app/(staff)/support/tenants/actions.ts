"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffAction } from "@/lib/auth/actions";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { inviteCustomerSchema } from "@/lib/invitations/schemas";
import type { EmailOutcome } from "@/lib/mail/send";
import { sendPasswordReset } from "@/lib/password-resets/send-password-reset";
import { sendPasswordResetSchema } from "@/lib/password-resets/schemas";
import { portalBaseUrl } from "@/lib/portal-url";
import { createTenant } from "@/lib/tenants/create-tenant";
import { createTenantSchema, setCustomerDisabledSchema, setKeyExportAllowedSchema } from "@/lib/tenants/schemas";
import { setKeyExportAllowed } from "@/lib/tenants/set-key-export-allowed";
import { setCustomerDisabled } from "@/lib/users/set-customer-disabled";
import { INTERVAL_LABELS } from "@/lib/jobs/intervals";
import { setTenantRetestInterval } from "@/lib/jobs/retest-settings";
import { tenantRetestIntervalSchema } from "@/lib/jobs/schemas";

export const createTenantAction = staffAction("tenants:manage", createTenantSchema, async ({ data, user, ip }) => {
  const { id } = await createTenant({ name: data.name, actor: user, ip });
  redirect(`/support/tenants/${id}`);
});

export type InvitationShown = { email: string; url: string; expiresAt: string; emailed: EmailOutcome };

export const inviteCustomerAction = staffAction<typeof inviteCustomerSchema, InvitationShown>(
  "invitations:create",
  inviteCustomerSchema,
  async ({ data, user, ip }) => {
    const invitation = await createInvitation({
      tenantId: data.tenantId,
      email: data.email,
      actor: user,
      ip,
      baseUrl: await portalBaseUrl(),
    });
    revalidatePath(`/support/tenants/${data.tenantId}`);
    return {
      ok: true,
      message: `Invitation created for ${invitation.email}.`,
      data: {
        email: invitation.email,
        url: invitation.url,
        expiresAt: invitation.expiresAt.toISOString(),
        emailed: invitation.emailed,
      },
    };
  },
);

export const setCustomerDisabledAction = staffAction(
  "tenants:manage",
  setCustomerDisabledSchema,
  async ({ data, user, ip }) => {
    const result = await setCustomerDisabled({ ...data, actor: user, ip });
    revalidatePath(`/support/tenants/${data.tenantId}`);
    return {
      ok: true,
      message: `${result.email} is ${data.disabled ? "disabled; their open sessions have ended" : "enabled again"}.`,
    };
  },
);

export const setKeyExportAllowedAction = staffAction(
  "keys:export",
  setKeyExportAllowedSchema,
  async ({ data, user, ip }) => {
    const result = await setKeyExportAllowed({ ...data, actor: user, ip });
    revalidatePath(`/support/tenants/${data.tenantId}`);
    const now = data.allowed
      ? "may now export the private key and manage API tokens"
      : "may no longer export the private key or create API tokens";
    return { ok: true, message: result.changed ? `Customers of ${result.name} ${now}.` : "Nothing changed." };
  },
);

export type PasswordResetShown = { email: string; url: string | null; expiresAt: string; emailed: EmailOutcome };

// Whoever manages the tenant's accounts (enable, disable) may send a customer a reset link.
export const sendPasswordResetAction = staffAction<typeof sendPasswordResetSchema, PasswordResetShown>(
  "tenants:manage",
  sendPasswordResetSchema,
  async ({ data, user, ip }) => {
    const sent = await sendPasswordReset({ ...data, actor: user, ip, baseUrl: await portalBaseUrl() });
    return {
      ok: true,
      data: { email: sent.email, url: sent.url, expiresAt: sent.expiresAt.toISOString(), emailed: sent.emailed },
    };
  },
);

// Admins only: how often this tenant's connections are re-tested (a connection's own setting still wins).
export const setTenantRetestIntervalAction = staffAction(
  "schedule:manage",
  tenantRetestIntervalSchema,
  async ({ data, user, ip }) => {
    const result = await setTenantRetestInterval({ ...data, actor: user, ip });
    revalidatePath(`/support/tenants/${data.tenantId}`);
    const words = INTERVAL_LABELS[data.interval].toLowerCase();
    return {
      ok: true,
      message: result.changed ? `Scheduled re-tests of ${result.name}: ${words}.` : "Nothing changed.",
    };
  },
);
