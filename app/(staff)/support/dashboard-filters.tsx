import { Field, SelectField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { CONNECTION_STATUS, CONNECTION_STATUSES } from "@/lib/connections/status";
import { MAX_EXPIRY_DAYS, MAX_SEARCH_LENGTH, type DashboardFilter } from "@/lib/dashboard/schemas";

const STATUS_OPTIONS = [
  { value: "", label: "Any status" },
  ...CONNECTION_STATUSES.map((s) => ({ value: s, label: CONNECTION_STATUS[s].short })),
];

const FAILING_OPTIONS = [
  { value: "", label: "Any time" },
  { value: "24h", label: "Failing for more than 24 h" },
];

const SORT_OPTIONS = [
  { value: "triage", label: "Needs action first" },
  { value: "last-test-desc", label: "Last test, newest first" },
  { value: "last-test-asc", label: "Last test, oldest first" },
  { value: "expiry-asc", label: "Certificate expiry, soonest first" },
  { value: "expiry-desc", label: "Certificate expiry, latest first" },
];

export function DashboardFilters({ filter }: { filter: DashboardFilter }) {
  return (
    <FilterForm
      action="/support"
      label="Filter connections"
      clearHref="/support"
      keep={{ view: filter.view, week: filter.week, reason: filter.reason }}
    >
      <Field
        label="Search"
        name="q"
        type="search"
        defaultValue={filter.q}
        maxLength={MAX_SEARCH_LENGTH}
        placeholder="Tenant, username or instance host"
        className="min-w-48 flex-1"
      />
      <SelectField label="Status" name="status" defaultValue={filter.status ?? ""} options={STATUS_OPTIONS} />
      <SelectField label="Failing" name="failing" defaultValue={filter.failing ?? ""} options={FAILING_OPTIONS} />
      <Field
        label="Certificate expires within (days)"
        name="expires"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_EXPIRY_DAYS}
        defaultValue={filter.expires ?? ""}
        hint="Includes expired certificates"
      />
      <SelectField label="Sort by" name="sort" defaultValue={filter.sort} options={SORT_OPTIONS} />
    </FilterForm>
  );
}
