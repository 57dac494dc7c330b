import { z } from "zod";
import { formBoolean, noControlCharacters } from "@/lib/validation/refinements";
import { parseInstanceUrl, type SalesforceEnvironment } from "@/lib/salesforce/hosts";

const hasNoSpaceOrControl = (value: string) => !/\s/.test(value) && noControlCharacters(value);
// local@domain with at least two domain labels of any characters: Salesforce usernames only look like email
// addresses, and a sandbox appends its name (integration@acme.com.dev1, user@acme.com.qa01), which z.email() refuses.
const SALESFORCE_USERNAME = /^[^@]+@[^@.]+(?:\.[^@.]+)+$/;

export function salesforceFieldsSchema(extraOrigins: readonly string[]) {
  return z
    .object({
      username: z
        .string()
        .trim()
        .min(1, "Enter the Salesforce username of the integration user.")
        .max(80, "Username must be at most 80 characters.")
        .refine(
          (v) => hasNoSpaceOrControl(v) && SALESFORCE_USERNAME.test(v),
          "A Salesforce username looks like an email address, such as integration@acme.com (a sandbox adds its name: integration@acme.com.dev1).",
        ),
      clientId: z
        .string()
        .trim()
        .min(1, "Paste the Client ID (Consumer Key) from External Client App Manager → OAuth Settings.")
        .max(256, "Client ID must be at most 256 characters.")
        .refine(
          hasNoSpaceOrControl,
          "Client ID cannot contain spaces, line breaks or control characters: copy it again.",
        ),
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
      apiVersion: z
        .string()
        .trim()
        .regex(/^$|^\d{2}\.0$/, "API Version looks like 62.0; leave it blank to use the latest your org offers.")
        .refine((v) => v === "" || Number(v) >= 46, "The collector needs API version 46.0 or later.")
        .optional(),
      environment: z.enum(["auto", "production", "sandbox"], "Choose Detect, Production or Sandbox.").default("auto"),
      // A checkbox: present ("on") when ticked.
      myDomainOnly: formBoolean(),
    })
    .transform((data) => {
      const environment: SalesforceEnvironment =
        data.environment === "auto" ? data.instanceUrl.environment : data.environment;
      return {
        username: data.username.toLowerCase(),
        clientId: data.clientId,
        instanceUrl: data.instanceUrl.url,
        apiVersion: data.apiVersion || null,
        environment,
        myDomainOnly: data.myDomainOnly,
      };
    });
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
