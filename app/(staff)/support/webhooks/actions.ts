"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { staffAction } from "@/lib/auth/actions";
import { getDb } from "@/lib/db/client";
import { formatUtc } from "@/lib/dates";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import { createWebhookSchema, redeliverSchema, updateWebhookSchema, webhookIdSchema } from "@/lib/webhooks/schemas";

// Admins manage endpoints (webhooks:manage); support and admins redeliver (webhooks:read). The secret leaves the
// server only in the answer to the create and rotate actions, shown once by the form.

export type CreatedWebhook = { id: string; secret: string };
export type RotatedSecret = { secret: string; previousValidUntil: string };

const endpointPath = (id: string) => `/support/webhooks/${id}`;

export const createWebhookAction = staffAction<typeof createWebhookSchema, CreatedWebhook>(
  "webhooks:manage",
  createWebhookSchema,
  async ({ data, user, ip }) => {
    const created = await createWebhookEndpoint(getDb(), { ...data, actor: user, ip });
    revalidatePath("/support/webhooks");
    if (data.tenantId) revalidatePath(`/support/tenants/${data.tenantId}`);
    return { ok: true, data: created };
  },
);

export const updateWebhookAction = staffAction("webhooks:manage", updateWebhookSchema, async ({ data, user, ip }) => {
  const { changed } = await updateWebhookEndpoint(getDb(), { ...data, actor: user, ip });
  revalidatePath(endpointPath(data.endpointId));
  revalidatePath("/support/webhooks");
  return { ok: true, message: changed ? "Saved." : "Nothing changed." };
});

export const rotateWebhookSecretAction = staffAction<typeof webhookIdSchema, RotatedSecret>(
  "webhooks:manage",
  webhookIdSchema,
  async ({ data, user, ip }) => {
    const rotated = await rotateWebhookSecret(getDb(), { ...data, actor: user, ip });
    revalidatePath(endpointPath(data.endpointId));
    return {
      ok: true,
      data: { secret: rotated.secret, previousValidUntil: rotated.previousValidUntil.toISOString() },
    };
  },
);

export const sendTestEventAction = staffAction("webhooks:manage", webhookIdSchema, async ({ data, user, ip }) => {
  await sendTestEvent(getDb(), { ...data, actor: user, ip });
  revalidatePath(endpointPath(data.endpointId));
  return { ok: true, message: `Test event queued at ${formatUtc(new Date())}: refresh the delivery log to see it.` };
});

export const deleteWebhookAction = staffAction("webhooks:manage", webhookIdSchema, async ({ data, user, ip }) => {
  await deleteWebhookEndpoint(getDb(), { ...data, actor: user, ip });
  revalidatePath("/support/webhooks");
  redirect("/support/webhooks");
});

export const redeliverWebhookAction = staffAction("webhooks:read", redeliverSchema, async ({ data, user, ip }) => {
  await redeliverWebhook(getDb(), {
    endpointId: data.endpointId,
    deliveryId: BigInt(data.deliveryId),
    actor: user,
    ip,
  });
  revalidatePath(endpointPath(data.endpointId));
  return { ok: true, message: "Queued again as a new delivery." };
});
