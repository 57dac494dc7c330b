import { z } from "zod";
import { noControlCharacters } from "@/lib/validation/refinements";
import { isIso3166Alpha2 } from "@/lib/validation/iso3166";

const controlMessage = (label: string) => `${label} must not contain line breaks, tabs or other control characters.`;

// A blank optional field (or a missing one) means "not given"; the form posts "" for untouched inputs.
const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" && noControlCharacters(value) ? undefined : value;

const utf8 = new TextEncoder();

const utf8ByteLength = (value: string) => utf8.encode(value).length;

// X.520 / RFC 5280 upper bounds, counted in UTF-8 bytes: Salesforce refuses certificates over 4 KB, and a
// character limit lets 64 emoji (256 bytes) through. Country is two letters and email ASCII (IA5String), so
// their character limits are already byte limits.
export const SUBJECT_BYTE_LIMITS = {
  stateOrProvince: 128, // ub-state-name
  locality: 128, // ub-locality-name
  organizationName: 64, // ub-organization-name
  organizationalUnit: 64, // ub-organizational-unit-name
  commonName: 64, // ub-common-name
} as const;

const fitsUtf8Bytes = (value: string, max: number) => utf8ByteLength(value) <= max;

// ASCII text is one byte a character, so it keeps the plain message; other scripts learn roughly how much fits.
function tooLongMessage(label: string, max: number, value: string): string {
  const bytes = utf8ByteLength(value);
  if (bytes === value.length) return `${label} must be at most ${max} characters.`;
  const about = Math.max(1, Math.floor((max * [...value].length) / bytes));
  return `${label} must be at most ${max} bytes in UTF-8 (about ${about} characters in this script); shorten it.`;
}

function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required.` })
    .refine(noControlCharacters, { error: controlMessage(label), abort: true })
    .trim()
    .min(1, { error: `${label} is required.`, abort: true })
    .refine((value) => fitsUtf8Bytes(value, max), {
      error: (issue) => tooLongMessage(label, max, String(issue.input)),
    });
}

function optionalText(label: string, max: number) {
  return z.preprocess(
    blankToUndefined,
    z
      .string({ error: `${label} must be text.` })
      .refine(noControlCharacters, { error: controlMessage(label), abort: true })
      .trim()
      .refine((value) => fitsUtf8Bytes(value, max), {
        error: (issue) => tooLongMessage(label, max, String(issue.input)),
      })
      .optional(),
  );
}

const countryMessage = "Country Name must be a two-letter ISO 3166 code, such as US or DE.";

const countryName = z
  .string({ error: "Country Name is required: enter a two-letter ISO 3166 code, such as US or DE." })
  .refine(noControlCharacters, { error: countryMessage, abort: true })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: countryMessage, abort: true })
  .refine(isIso3166Alpha2, {
    error: (issue) => `Country Name ${String(issue.input)} is not an assigned ISO 3166 code; use one such as US or DE.`,
  });

const emailMessage = "Email Address must be a valid email address, such as admin@example.com.";

const emailAddress = z.preprocess(
  blankToUndefined,
  z
    .string({ error: emailMessage })
    .refine(noControlCharacters, { error: controlMessage("Email Address"), abort: true })
    .trim()
    .max(128, { error: "Email Address must be at most 128 characters.", abort: true })
    .pipe(z.email({ error: emailMessage }))
    .optional(),
);

const validityMessage = "Validity (days) must be a whole number of days from 1 to 3650.";

const validityDays = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: validityMessage })
    .int({ error: validityMessage })
    .min(1, { error: validityMessage })
    .max(3650, { error: validityMessage })
    .default(365),
);

const keySizeMessage = "Key size must be 2048 or 4096 bits.";

const keySize = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: keySizeMessage })
    .pipe(z.literal([2048, 4096], { error: keySizeMessage }))
    .default(2048),
);

export const certificateRequestSchema = z.object({
  countryName,
  stateOrProvince: requiredText("State or Province", SUBJECT_BYTE_LIMITS.stateOrProvince),
  locality: requiredText("Locality", SUBJECT_BYTE_LIMITS.locality),
  organizationName: requiredText("Organization Name", SUBJECT_BYTE_LIMITS.organizationName),
  organizationalUnit: optionalText("Organizational Unit", SUBJECT_BYTE_LIMITS.organizationalUnit),
  commonName: optionalText("Common Name", SUBJECT_BYTE_LIMITS.commonName),
  emailAddress,
  validityDays,
  keySize,
});

export type CertificateRequest = z.infer<typeof certificateRequestSchema>;

// Kept here for callers of this module; the implementation is shared by every form.
export { fieldErrors } from "@/lib/validation/field-errors";
