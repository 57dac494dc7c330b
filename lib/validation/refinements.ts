import { z } from "zod";

// Shared pieces of the per-domain schemas (lib/<domain>/schemas.ts). Browser-safe: forms import them too.

// C0, DEL, C1 and the Unicode line/paragraph separators: invisible in the UI, and they break subject lines, audit entries and logs.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function noControlCharacters(value: string): boolean {
  return !CONTROL_CHARACTERS.test(value);
}

// A required line of text, trimmed: `required` when it is missing or (once trimmed) shorter than `min`.
export function lineOfText(messages: {
  required: string;
  /** When the trimmed text is too short, if that deserves other words than a missing value. */
  tooShort?: string;
  min?: number;
  max: number;
  tooLong: string;
  controlCharacters: string;
}) {
  return z
    .string({ error: messages.required })
    .trim()
    .min(messages.min ?? 1, messages.tooShort ?? messages.required)
    .max(messages.max, messages.tooLong)
    .refine(noControlCharacters, messages.controlCharacters);
}

// A checkbox posts "on" when ticked and nothing when not: absence means false.
export function formBoolean(message = "Tick the box or leave it clear.") {
  return z
    .literal("on", message)
    .optional()
    .transform((value) => value === "on");
}

// A hidden input or a button value that says "true" or "false".
export const booleanString = z.enum(["true", "false"]).transform((value) => value === "true");

/**
 * A search box's text from the URL: the first value if repeated, control characters removed (a NUL is not even valid
 * PostgreSQL text), trimmed and cut to `max`; empty means unset. Never an error: the URL is the query.
 */
export function searchText(max: number) {
  return z
    .preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().optional().catch(undefined))
    .transform((value) => value?.replace(new RegExp(CONTROL_CHARACTERS, "g"), "").trim().slice(0, max) || undefined);
}

// Keyset paging, newest first: the id a page starts below, as its "older" link carries it. Ids are positive bigints
// (at most 2^63 - 1); anything else is no cursor, i.e. the newest page (the URL is the query, never an error).
const POSITIVE_BIGINT = /^[1-9]\d{0,18}$/;
const MAX_BIGINT = 2n ** 63n - 1n;
export const keysetBefore = z
  .string()
  .regex(POSITIVE_BIGINT)
  // Refinements run even when the pattern failed: BigInt() only on digits.
  .refine((v) => POSITIVE_BIGINT.test(v) && BigInt(v) <= MAX_BIGINT)
  .optional()
  .catch(undefined);
