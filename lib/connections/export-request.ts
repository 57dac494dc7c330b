import { z } from "zod";
import { lineOfText } from "@/lib/validation/refinements";
import { keystoreRequestSchema } from "@/lib/crypto/keystores";
import { DEFAULT_KEY_PATH, keyPathSchema } from "./collector-settings";

// The export form (POST /api/connections/{id}/exports): what to download, the user's own password, a reason for
// the audit log, and for keystores the keystore rules of the API (field names as the form has them).

const EXPORT_KINDS = ["pem", "pkcs12", "jks", "bundle"] as const;

export const exportRequestSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS, {
      error: "Choose what to download: server.pem, keystore.p12, servercert.jks or the collector bundle.",
    }),
    accountPassword: z
      .string({ error: "Enter your own account password to confirm it is you." })
      .min(1, "Enter your own account password to confirm it is you.")
      .max(1024, "That password is too long."),
    reason: lineOfText({
      required: "Give a reason for the export (5 to 500 characters); it goes into the audit log.",
      min: 5,
      max: 500,
      tooLong: "Keep the reason to 500 characters.",
      controlCharacters: "The reason must be one line of text, without tabs or control characters.",
    }),
    keyPath: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || DEFAULT_KEY_PATH)
      .pipe(keyPathSchema),
    keystorePassword: z.string().optional(),
    alias: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind !== "pkcs12" && value.kind !== "jks") return;
    const keystore = keystoreRequestSchema.safeParse({
      format: value.kind,
      password: value.keystorePassword ?? "",
      alias: value.alias ?? "",
    });
    if (keystore.success) return;
    const renamed: Record<string, string> = { password: "keystorePassword", alias: "alias" };
    for (const issue of keystore.error.issues) {
      const field = renamed[String(issue.path[0])] ?? "keystorePassword";
      ctx.addIssue({ code: "custom", path: [field], message: issue.message });
    }
  });

export type ExportRequest = z.output<typeof exportRequestSchema>;
