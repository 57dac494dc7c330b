import { z } from "zod";
import { AUDIT_ACTIONS } from "./record-audit";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined);

// The URL is the query: anything malformed is dropped rather than answered with an error page.
export const auditFiltersSchema = z.object({
  tenant: text(120),
  actor: text(254),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: day,
  to: day,
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
});

export type AuditFilters = z.infer<typeof auditFiltersSchema>;
