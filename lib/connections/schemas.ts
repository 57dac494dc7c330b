import { z } from "zod";
import { parseCertificateFormat } from "@/lib/crypto/certificate-file";
import { CHECKLIST_STEP_IDS } from "@/lib/connections/checklist";
import { certificateRequestSchema } from "@/lib/validation/certificate";
import { booleanString, lineOfText } from "@/lib/validation/refinements";

const connectionNameSchema = lineOfText({
  required: "Enter a name for the connection.",
  tooShort: "Enter a name for the connection, such as Production org.",
  max: 64,
  tooLong: "Connection name must be at most 64 characters.",
  controlCharacters: "Connection name cannot contain control characters.",
});

export const createConnectionSchema = z.object({ name: connectionNameSchema });

// The connection a form acts on (a hidden field); the action still scopes it to the user's tenant.
export const connectionRefSchema = z.object({ connectionId: z.uuid("Unknown connection.") });

export const setChecklistStepSchema = connectionRefSchema.extend({
  step: z.enum(CHECKLIST_STEP_IDS as [string, ...string[]]),
  done: booleanString,
});

// The certificate form's one-time token: the same form submitted twice yields one key.
const requestToken = (message: string) => z.string().regex(/^[A-Za-z0-9-]{16,64}$/, message);

export const generateCertificateSchema = z.intersection(
  certificateRequestSchema,
  connectionRefSchema.extend({ requestToken: requestToken("The form expired. Reload the page and try again.") }),
);

// POST /api/connections/{id}/certificates: the JSON twin of the form.
export const generateCertificateBodySchema = z.intersection(
  certificateRequestSchema,
  z.object({
    requestToken: requestToken("requestToken must be 16-64 letters, digits or dashes; reuse it to retry safely."),
  }),
);

// GET /api/certificates/{id}/download?format=pem|der (absent: pem).
export const certificateDownloadQuerySchema = z.object({
  format: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const format = parseCertificateFormat(value ?? null);
      if (format) return format;
      ctx.addIssue({ code: "custom", message: "Choose format=pem (server.crt) or format=der (server.der)." });
      return z.NEVER;
    }),
});
