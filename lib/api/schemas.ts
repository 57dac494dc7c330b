import { z } from "zod";
import { CONNECTION_STATUSES } from "@/lib/connections/status";
import { lineOfText } from "@/lib/validation/refinements";

// The API's contract: the zod schemas validate the requests, and the OpenAPI document is generated from them
// (lib/api/openapi.ts). The token forms' schemas live here too, beside the token schema they reuse.

export const API_SCOPES = ["connections:read", "keys:read", "tests:run", "tokens:issue"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const createApiTokenSchema = z.object({
  name: lineOfText({
    required: "Give the token a name, such as the collector that will use it.",
    max: 64,
    tooLong: "Token name must be at most 64 characters.",
    controlCharacters: "Token name cannot contain control characters.",
  }),
  scopes: z
    .array(z.enum(API_SCOPES, `Scopes are ${API_SCOPES.join(", ")}.`), {
      error: `Choose at least one scope: ${API_SCOPES.join(", ")}.`,
    })
    .min(1, `Choose at least one scope: ${API_SCOPES.join(", ")}.`)
    .transform((scopes) => [...new Set(scopes)]),
  tenantId: z.uuid("Unknown tenant.").nullable(),
  expiresDays: z
    .number()
    .int("Expiry is a whole number of days.")
    .min(1, "Expiry is 1 to 3650 days.")
    .max(3650, "Expiry is 1 to 3650 days.")
    .nullable(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const listConnectionsQuerySchema = z
  .object({
    status: z.enum(CONNECTION_STATUSES, `status is one of ${CONNECTION_STATUSES.join(", ")}.`).optional(),
    updatedSince: z.iso
      .datetime({ offset: true, error: "updatedSince is an ISO 8601 date-time, e.g. 2026-11-30T00:00:00Z." })
      .optional(),
    limit: z.coerce.number().int().min(1, "limit is 1 to 100.").max(100, "limit is 1 to 100.").default(50),
    cursor: z.string().max(200).optional().describe("The nextCursor of the previous page."),
  })
  .strict();

export const connectionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tenant: z.object({ id: z.uuid(), name: z.string() }),
  status: z.enum(CONNECTION_STATUSES),
  username: z.string().nullable(),
  clientId: z.string().nullable(),
  instanceUrl: z.string().nullable().describe("The My Domain URL the customer entered."),
  orgInstanceUrl: z
    .string()
    .nullable()
    .describe("The instance_url Salesforce returned with the last token: the collector's url."),
  apiVersion: z.string().nullable(),
  tokenHost: z.string().nullable().describe("The token host of the (host, audience) pair that last worked."),
  audience: z.string().nullable(),
  updatedAt: z.iso.datetime(),
  lastTest: z.object({ at: z.iso.datetime(), outcome: z.string(), summary: z.string().nullable() }).nullable(),
  certificate: z.object({ id: z.uuid(), fingerprintSha256: z.string(), notAfter: z.iso.datetime() }).nullable(),
});
export type ConnectionDto = z.infer<typeof connectionSchema>;

export const connectionPageSchema = z.object({ items: z.array(connectionSchema), nextCursor: z.string().nullable() });

// The "Create API token" form: one checkbox per scope (named scope:<scope>, since a form action keeps one value per
// name), and an optional expiry in days. The tenant is not a field: the action decides it.

const EXPIRY = "Expiry is a whole number of days from 1 to 3650, or empty for a token that does not expire.";

export const apiTokenFormSchema = z.preprocess(
  (raw) => {
    const form = (raw ?? {}) as Record<string, string | undefined>;
    return { ...form, scopes: API_SCOPES.filter((scope) => form[`scope:${scope}`] === "on") };
  },
  z.object({
    connectionId: z.uuid("Unknown connection."),
    name: createApiTokenSchema.shape.name,
    scopes: createApiTokenSchema.shape.scopes,
    expiresDays: z
      .string()
      .trim()
      .optional()
      .transform((v) => v ?? "")
      .refine((v) => v === "" || /^\d{1,4}$/.test(v), EXPIRY)
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || (v >= 1 && v <= 3650), EXPIRY),
  }),
);

export const revokeApiTokenFormSchema = z.object({
  connectionId: z.uuid("Unknown connection."),
  tokenId: z.uuid("Unknown API token."),
});

/** What the form shows once after creating a token. */
export type CreatedToken = { name: string; token: string };

/** POST endpoints that take no options still take a JSON object, and refuse unknown fields. */
export const emptyBodySchema = z.object({}).strict();

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});

export const accessTokenSchema = z.object({
  accessToken: z
    .string()
    .describe("A Salesforce access token for the connection's integration user. Treat it as a secret."),
  instanceUrl: z.string(),
  tokenHost: z.string(),
  audience: z.string(),
  issuedAt: z.iso.datetime(),
});
