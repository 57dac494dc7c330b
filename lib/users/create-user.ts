import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address, such as name@example.com.").max(254));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Password must be at most 1024 characters.");

export const tenantNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the tenant (company) name.")
  .max(120, "Tenant name must be at most 120 characters.")
  .refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), "Tenant name cannot contain control characters.");

export const createUserSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    role: z.enum(["customer", "support", "admin"], "Role must be customer, support or admin."),
    tenant: tenantNameSchema.optional(),
  })
  .refine((v) => v.role !== "customer" || v.tenant, { path: ["tenant"], message: "A customer needs --tenant \"Company name\"." })
  .refine((v) => v.role === "customer" || !v.tenant, { path: ["tenant"], message: "Staff users (support, admin) belong to no tenant: drop --tenant." });

export type CreateUserInput = z.infer<typeof createUserSchema>;

// Creates the tenant when missing, then the user, in one transaction. Says what it did.
export async function createUser(db: Db, input: CreateUserInput, actor: AuditActor = null) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (taken) throw new Error(`A user with email ${input.email} already exists.`);
    let tenant: { id: string; name: string; created: boolean } | null = null;
    if (input.tenant) {
      const found = await tx.tenant.findUnique({ where: { name: input.tenant }, select: { id: true, name: true } });
      tenant = found ? { ...found, created: false } : { ...(await tx.tenant.create({ data: { id: randomUUID(), name: input.tenant }, select: { id: true, name: true } })), created: true };
      if (tenant.created) await recordAudit(tx, { action: "tenant.created", actor, tenantId: tenant.id, targetType: "tenant", targetId: tenant.id, details: { name: tenant.name } });
    }
    const user = await tx.user.create({
      data: { id: randomUUID(), email: input.email, passwordHash, role: input.role, tenantId: tenant?.id ?? null },
      select: { id: true, email: true, role: true },
    });
    await recordAudit(tx, { action: "user.created", actor, tenantId: tenant?.id, targetType: "user", targetId: user.id, details: { email: user.email, role: user.role } });
    return { user, tenant };
  });
}
