import { z } from "zod";
import { MAX_WEBHOOK_URL_LENGTH } from "./url";

// The webhook forms (support console). The URL's rules need the environment, so lib/webhooks/endpoints.ts checks
// them; here only its shape. Event types are one checkbox each, `event-<type>` = "on".

export const WEBHOOK_EVENT_TYPES = [
  "connection.failed",
  "connection.recovered",
  "connection.warning",
  "certificate.expiring",
  "certificate.renewed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const eventField = (type: WebhookEventType) => `event-${type}`;

const url = z
  .string("Enter the receiver's URL.")
  .trim()
  .min(1, "Enter the receiver's URL, e.g. https://hooks.example.com/salesforce-portal.")
  .max(MAX_WEBHOOK_URL_LENGTH, `Use a URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters.`);
const description = z.string().trim().max(200, "Use at most 200 characters.").default("");
const chooseOne = { path: ["events"], message: "Choose at least one event." };
const pickEvents = (raw: Record<string, unknown>) => WEBHOOK_EVENT_TYPES.filter((t) => raw[eventField(t)] === "on");

// tenantId empty: a global endpoint (every tenant's events).
export const createWebhookSchema = z
  .looseObject({
    tenantId: z.union([z.uuid("Unknown tenant."), z.literal("")]).default(""),
    url,
    description,
  })
  .transform(({ tenantId, url, description, ...rest }) => ({
    tenantId: tenantId || null,
    url,
    description,
    eventTypes: pickEvents(rest),
  }))
  .refine((v) => v.eventTypes.length > 0, chooseOne);

export const updateWebhookSchema = z
  .looseObject({
    endpointId: z.uuid("Unknown webhook: reload the page."),
    enabled: z.literal("on").optional(),
    url,
    description,
  })
  .transform(({ endpointId, enabled, url, description, ...rest }) => ({
    endpointId,
    enabled: enabled === "on",
    url,
    description,
    eventTypes: pickEvents(rest),
  }))
  .refine((v) => v.eventTypes.length > 0, chooseOne);

export const webhookIdSchema = z.object({ endpointId: z.uuid("Unknown webhook: reload the page.") });

export const redeliverSchema = z.object({
  endpointId: z.uuid("Unknown webhook: reload the page."),
  deliveryId: z.string().regex(/^[0-9]{1,18}$/, "Unknown delivery: reload the page."),
});
