import { z } from "zod";
import { SETUP_STEP_IDS } from "@/lib/connections/checklist";
import { parseCertificateFormat } from "@/lib/crypto/certificate-file";
import { keystoreRequestSchema } from "@/lib/crypto/keystores";
import { parseInstanceUrl, type SalesforceEnvironment } from "@/lib/salesforce/hosts";
import { apiNameProblem, IP_RELAXATION_POLICIES } from "@/lib/salesforce/eca-names";
import { certificateRequestSchema } from "@/lib/validation/certificate";
import { booleanString, formBoolean, lineOfText, noControlCharacters } from "@/lib/validation/refinements";
import { DEFAULT_KEY_PATH, keyPathSchema } from "./collector-settings";

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
  step: z.enum(SETUP_STEP_IDS as [string, ...string[]]),
  done: booleanString,
});

// The certificate form's one-time token: the same form submitted twice yields one key.
const requestToken = (message: string) => z.string().regex(/^[A-Za-z0-9-]{16,64}$/, message);

export const generateCertificateSchema = z.intersection(
  certificateRequestSchema,
  connectionRefSchema.extend({ requestToken: requestToken("The form expired. Reload the page and try again.") }),
);

// Staff "Renew certificate": the active certificate's details, unchanged.
export const renewCertificateStaffSchema = connectionRefSchema.extend({
  requestToken: requestToken("The form expired. Reload the page and try again."),
});

// "Restore" of a retired certificate (rollback within its 7 days).
export const restoreCertificateSchema = connectionRefSchema.extend({ certificateId: z.uuid() });

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

// The Salesforce fields (Username, Client ID, Instance URL, API Version, environment).

const hasNoSpaceOrControl = (value: string) => !/\s/.test(value) && noControlCharacters(value);
// local@domain with at least two domain labels of any characters: Salesforce usernames only look like email
// addresses, and a sandbox appends its name (integration@acme.com.dev1, user@acme.com.qa01), which z.email() refuses.
const SALESFORCE_USERNAME = /^[^@]+@[^@.]+(?:\.[^@.]+)+$/;

// Step 1 of the page, asked first: the My Domain URL (the Instance URL), with the environment and Gov Cloud options.
function myDomainShape(extraOrigins: readonly string[]) {
  return {
    instanceUrl: z
      .string()
      .trim()
      .min(1, "Enter your My Domain URL, such as https://yourcompany.my.salesforce.com.")
      .max(255, "Instance URL is too long.")
      .transform((value, ctx) => {
        const parsed = parseInstanceUrl(value, { extraOrigins });
        if (parsed.ok) return parsed;
        ctx.addIssue({
          code: "custom",
          message: parsed.suggestion ? `${parsed.message} Try ${parsed.suggestion}.` : parsed.message,
        });
        return z.NEVER;
      }),
    environment: z.enum(["auto", "production", "sandbox"], "Choose Detect, Production or Sandbox.").default("auto"),
    // A checkbox: present ("on") when ticked.
    myDomainOnly: formBoolean(),
  };
}

// Step 4: the integration user, the Client ID (set by the Salesforce bundle on the CLI path) and the API version.
const connectionShape = {
  username: z
    .string()
    .trim()
    .min(1, "Enter the Salesforce username of the integration user.")
    .max(80, "Username must be at most 80 characters.")
    .refine(
      (v) => hasNoSpaceOrControl(v) && SALESFORCE_USERNAME.test(v),
      "A Salesforce username looks like an email address, such as integration@acme.com (a sandbox adds its name: integration@acme.com.dev1).",
    ),
  // Empty clears it: the next Salesforce bundle download then chooses a new one (the switch from an app made by hand).
  clientId: z
    .string()
    .trim()
    .max(256, "Client ID must be at most 256 characters.")
    .refine(hasNoSpaceOrControl, "Client ID cannot contain spaces, line breaks or control characters: copy it again."),
  apiVersion: z
    .string()
    .trim()
    .regex(/^$|^\d{2}\.0$/, "API Version looks like 62.0; leave it blank to use the latest your org offers.")
    .refine((v) => v === "" || Number(v) >= 46, "The collector needs API version 46.0 or later.")
    .optional(),
};

type MyDomainInput = z.output<z.ZodObject<ReturnType<typeof myDomainShape>>>;
type ConnectionInput = z.output<z.ZodObject<typeof connectionShape>>;

function normaliseMyDomain(data: MyDomainInput) {
  const environment: SalesforceEnvironment =
    data.environment === "auto" ? data.instanceUrl.environment : data.environment;
  return { instanceUrl: data.instanceUrl.url, environment, myDomainOnly: data.myDomainOnly };
}

function normaliseConnection(data: ConnectionInput) {
  return {
    username: data.username.toLowerCase(),
    clientId: data.clientId || null,
    apiVersion: data.apiVersion || null,
  };
}

export function myDomainSchema(extraOrigins: readonly string[]) {
  return z.object(myDomainShape(extraOrigins)).transform(normaliseMyDomain);
}

export const connectionFieldsSchema = z.object(connectionShape).transform(normaliseConnection);

// The Client ID the connection fields form showed as saved (a hidden field; empty: none). A Client ID sent back
// unchanged keeps one saved meanwhile by the Salesforce bundle's download (lib/connections/save-salesforce-fields.ts).
export const shownClientIdSchema = z
  .string()
  .trim()
  .max(256)
  .transform((v) => v || null)
  .optional();

// All the Salesforce fields at once (both forms' rules in one place).
export function salesforceFieldsSchema(extraOrigins: readonly string[]) {
  return z
    .object({ ...myDomainShape(extraOrigins), ...connectionShape })
    .transform((data) => ({ ...normaliseConnection(data), ...normaliseMyDomain(data) }));
}

export type SalesforceFields = z.output<ReturnType<typeof salesforceFieldsSchema>>;

// The connection columns that hold the Salesforce fields, as a Prisma select.
export const salesforceFieldsSelect = {
  username: true,
  clientId: true,
  instanceUrl: true,
  apiVersion: true,
  environment: true,
  myDomainOnly: true,
} as const satisfies Record<keyof SalesforceFields, true>;

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

// "Set up Salesforce with the CLI": the External Client App bundle's form (GET query of the download).
export const salesforceBundleSchema = z.object({
  appName: z
    .string({ error: "Enter an app name." })
    .trim()
    .superRefine((value, ctx) => {
      const problem = apiNameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  // An API name too, as the issue asks (the builder still escapes it: defence in depth).
  label: z
    .string({ error: apiNameProblem("", "label") ?? "Enter a label for the app." })
    .trim()
    .superRefine((value, ctx) => {
      const problem = apiNameProblem(value, "label");
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  contactEmail: z
    .string({ error: "Enter a contact email." })
    .trim()
    .pipe(
      z.email("Enter a valid contact email, such as admin@example.com.").max(254, "The contact email is too long."),
    ),
  ipRelaxation: z
    .enum(IP_RELAXATION_POLICIES, {
      error: "Choose Enforce (IP restrictions apply) or one of the listed relaxations.",
    })
    .default("Enforce"),
  setupAuditTrail: z
    .enum(["on", "true", "false"], { error: "Tick the box or leave it clear." })
    .optional()
    .transform((v) => v === "on" || v === "true"),
});
export type SalesforceBundleForm = z.output<typeof salesforceBundleSchema>;
