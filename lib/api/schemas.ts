import { z } from "zod";

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
