import { z } from "zod";
import { booleanString, formBoolean, noControlCharacters } from "@/lib/validation/refinements";

export const tenantNameSchema = z
  .string()
  .trim()
  .min(1, "Enter the tenant (company) name.")
  .max(120, "Tenant name must be at most 120 characters.")
  .refine(noControlCharacters, "Tenant name cannot contain control characters.");

export const createTenantSchema = z.object({ name: tenantNameSchema });

export const setCustomerDisabledSchema = z.object({ tenantId: z.uuid(), userId: z.uuid(), disabled: booleanString });

export const setKeyExportAllowedSchema = z.object({
  tenantId: z.uuid("Unknown tenant."),
  // An unticked checkbox sends nothing, so absence means "not allowed".
  allowed: formBoolean(),
});
