import { z } from "zod";

// The first message for each field, keyed by field name: what a form shows beside each input.
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const flattened = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(flattened)) {
    const first = messages?.[0];
    if (first !== undefined) result[field] = first;
  }
  return result;
}
