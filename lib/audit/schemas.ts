import { z } from "zod";
import { keysetBefore, searchText } from "@/lib/validation/refinements";
import { AUDIT_ACTIONS } from "./record-audit";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);
// The URL is the query: anything malformed is dropped rather than answered with an error page.
export const auditFiltersSchema = z.object({
  tenant: searchText(120),
  actor: searchText(254),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: day,
  to: day,
  before: keysetBefore,
});

export type AuditFilters = z.infer<typeof auditFiltersSchema>;
