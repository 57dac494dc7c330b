import { z } from "zod";
import { booleanString, formBoolean, noControlCharacters, searchText } from "@/lib/validation/refinements";

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

// The tenants page's URL: the search box and the page; anything malformed is dropped.
export const tenantListQuerySchema = z.object({
  q: searchText(120),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
