import { z } from "zod";
import { searchText } from "@/lib/validation/refinements";
import { AUDIT_ACTIONS } from "./record-audit";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);
// The newest id a page starts below: a bigint, so at most 2^63 - 1.
const MAX_BIGINT = 9223372036854775807n;

// The URL is the query: anything malformed is dropped rather than answered with an error page.
export const auditFiltersSchema = z.object({
  tenant: searchText(120),
  actor: searchText(254),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: day,
  to: day,
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= MAX_BIGINT)
    .optional()
    .catch(undefined),
});

export type AuditFilters = z.infer<typeof auditFiltersSchema>;
