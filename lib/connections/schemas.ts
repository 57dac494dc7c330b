import { z } from "zod";

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const connectionNameSchema = z
  .string({ error: "Enter a name for the connection." })
  .trim()
  .min(1, "Enter a name for the connection, such as Production org.")
  .max(64, "Connection name must be at most 64 characters.")
  .refine((v) => !CONTROL.test(v), "Connection name cannot contain control characters.");

export const createConnectionSchema = z.object({ name: connectionNameSchema });

export const connectionIdSchema = z.uuid("Unknown connection.");
