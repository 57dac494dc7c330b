import { z } from "zod";
import { searchText } from "@/lib/validation/refinements";
import { CONNECTION_STATUSES } from "@/lib/connections/status";

// The dashboard's state lives in the URL query. Every field falls back to its default on a bad value, so a hand-edited
// or stale link shows the dashboard instead of an error; invalidDashboardParams() names what was ignored.

// "triage": what needs action first (failed, longest failing first; then the soonest expiry; then the rest).
const DASHBOARD_SORTS = ["triage", "last-test-desc", "last-test-asc", "expiry-asc", "expiry-desc"] as const;
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

// The triage tiles: each is a filter.
export const DASHBOARD_VIEWS = ["failed", "expiring", "stalled", "warnings"] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

// "Failing for more than 24 h": failed, and failed since (status_since) more than a day ago.
const FAILING_FILTERS = ["24h"] as const;

export const DASHBOARD_PAGE_SIZE = 25;
export const MAX_SEARCH_LENGTH = 100;
export const MAX_EXPIRY_DAYS = 3650;
// The expiry chart's bars: -1 is "already expired", 0..11 the coming weeks.
export const EXPIRY_WEEKS = 12;

// Next passes repeated keys as arrays: the first one wins. An empty field means "not set".
const single = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
};

const fields = {
  q: searchText(MAX_SEARCH_LENGTH),
  status: z.preprocess(single, z.enum(CONNECTION_STATUSES).optional()),
  expires: z.preprocess(single, z.coerce.number().int().min(0).max(MAX_EXPIRY_DAYS).optional()),
  view: z.preprocess(single, z.enum(DASHBOARD_VIEWS).optional()),
  failing: z.preprocess(single, z.enum(FAILING_FILTERS).optional()),
  week: z.preprocess(
    single,
    z.coerce
      .number()
      .int()
      .min(-1)
      .max(EXPIRY_WEEKS - 1)
      .optional(),
  ),
  // A diagnosis code, as stored on test runs.
  reason: z.preprocess(
    single,
    z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/)
      .optional(),
  ),
  sort: z.preprocess(single, z.enum(DASHBOARD_SORTS).optional()),
  page: z.preprocess(single, z.coerce.number().int().min(1).max(100_000).optional()),
};

const dashboardFilterSchema = z.object({
  q: fields.q.transform((v) => v ?? "").catch(""),
  status: fields.status.catch(undefined),
  expires: fields.expires.catch(undefined),
  view: fields.view.catch(undefined),
  failing: fields.failing.catch(undefined),
  week: fields.week.catch(undefined),
  reason: fields.reason.catch(undefined),
  sort: fields.sort.transform((v) => v ?? "triage").catch("triage"),
  page: fields.page.transform((v) => v ?? 1).catch(1),
});

export type DashboardFilter = z.output<typeof dashboardFilterSchema>;

type Query = Record<string, string | string[] | undefined>;

export function parseDashboardFilter(query: Query): DashboardFilter {
  return dashboardFilterSchema.parse(query);
}

// The query parameters that were given but not understood (and so ignored), for a message on the page.
export function invalidDashboardParams(query: Query): string[] {
  return Object.entries(fields)
    .filter(([name, schema]) => query[name] !== undefined && !schema.safeParse(query[name]).success)
    .map(([name]) => name);
}

// The query string for `filter` with `changes` applied; defaults are left out to keep links short.
export function dashboardHref(filter: DashboardFilter, changes: Partial<DashboardFilter> = {}): string {
  const next = { ...filter, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.view) params.set("view", next.view);
  if (next.failing) params.set("failing", next.failing);
  if (next.status) params.set("status", next.status);
  if (next.expires !== undefined) params.set("expires", String(next.expires));
  if (next.week !== undefined) params.set("week", String(next.week));
  if (next.reason) params.set("reason", next.reason);
  if (next.sort !== "triage") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `/support?${query}` : "/support";
}

// A tile's or a picture's link: its own filter, keeping only the search and the order.
export function focusHref(filter: DashboardFilter, changes: Partial<DashboardFilter>): string {
  const { q, sort } = filter;
  return dashboardHref(
    {
      q,
      sort,
      page: 1,
      status: undefined,
      expires: undefined,
      view: undefined,
      failing: undefined,
      week: undefined,
      reason: undefined,
    },
    changes,
  );
}
