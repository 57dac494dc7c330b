import { z } from "zod";
import { Role } from "@/lib/db/generated/enums";
import { tenantNameSchema } from "@/lib/tenants/schemas";
import { booleanString, formBoolean } from "@/lib/validation/refinements";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address, such as name@example.com.").max(254));

const MIN_PASSWORD_LENGTH = 12;

const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Password must be at most 1024 characters.");

// A new password typed twice (invitation acceptance, password reset): the same rules and wording everywhere.
export const newPasswordFields = { password: passwordSchema, confirmPassword: z.string().max(1024) };

export function requireMatchingPasswords<S extends z.ZodType<{ password: string; confirmPassword: string }>>(
  schema: S,
) {
  return schema.refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match. Type the same password twice.",
  });
}

// npm run user:create: the first staff user, or a customer with the tenant created on the way.
export const createUserSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    role: z.enum(Role, "Role must be customer, support or admin."),
    tenant: tenantNameSchema.optional(),
  })
  .refine((v) => v.role !== "customer" || v.tenant, {
    path: ["tenant"],
    message: 'A customer needs --tenant "Company name".',
  })
  .refine((v) => v.role === "customer" || !v.tenant, {
    path: ["tenant"],
    message: "Staff users (support, admin) belong to no tenant: drop --tenant.",
  });

export type CreateUserInput = z.infer<typeof createUserSchema>;

const staffRoleSchema = z.enum(["support", "admin"], "Choose support or admin.");
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const createStaffUserSchema = z.object({ email: emailSchema, password: passwordSchema, role: staffRoleSchema });

export const setStaffDisabledSchema = z.object({ userId: z.uuid(), disabled: booleanString });

export const changeStaffRoleSchema = z.object({ userId: z.uuid(), role: staffRoleSchema });

// The settings page's one checkbox: absent (unticked) means "no email".
export const notificationSettingsSchema = z.object({ notifyByEmail: formBoolean() });
