import { z } from "zod";
import { API_SCOPES, createApiTokenSchema } from "./tokens";

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
