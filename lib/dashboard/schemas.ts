import { z } from "zod";
import { CONNECTION_STATUSES } from "@/lib/connections/status";

// The dashboard's state lives in the URL query. Every field falls back to its default on a bad value,
// so a hand-edited or stale link shows the dashboard instead of an error.

const DASHBOARD_SORTS = ["last-test-desc", "last-test-asc", "expiry-asc", "expiry-desc"] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

export const DASHBOARD_PAGE_SIZE = 25;
export const MAX_SEARCH_LENGTH = 100;
export const MAX_EXPIRY_DAYS = 3650;

// Next passes repeated keys as arrays: the first one wins. An empty field means "not set".
const single = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
};

const dashboardFilterSchema = z.object({
  q: z
    .preprocess(
      single,
      z
        .string()
        .trim()
        .transform((v) => v.slice(0, MAX_SEARCH_LENGTH)),
    )
    .catch(""),
  status: z.preprocess(single, z.enum(CONNECTION_STATUSES).optional()).catch(undefined),
  expires: z.preprocess(single, z.coerce.number().int().min(0).max(MAX_EXPIRY_DAYS).optional()).catch(undefined),
  sort: z.preprocess(single, z.enum(DASHBOARD_SORTS)).catch("last-test-desc"),
  page: z.preprocess(single, z.coerce.number().int().min(1).max(100_000)).catch(1),
});

export type DashboardFilter = z.output<typeof dashboardFilterSchema>;

export function parseDashboardFilter(query: Record<string, string | string[] | undefined>): DashboardFilter {
  return dashboardFilterSchema.parse(query);
}

// The query string for `filter` with `changes` applied; defaults are left out to keep links short.
export function dashboardHref(filter: DashboardFilter, changes: Partial<DashboardFilter> = {}): string {
  const next = { ...filter, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.status) params.set("status", next.status);
  if (next.expires !== undefined) params.set("expires", String(next.expires));
  if (next.sort !== "last-test-desc") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `/support?${query}` : "/support";
}
