import { Field, SelectField } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { AUDIT_ACTIONS } from "@/lib/audit/record-audit";
import type { AuditFilters } from "@/lib/audit/schemas";

const ACTION_OPTIONS = [{ value: "", label: "All actions" }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: a }))];

export function AuditLogFilters({ filters }: { filters: AuditFilters }) {
  return (
    <FilterForm action="/support/audit" label="Audit log filters" clearHref="/support/audit">
      <Field label="Tenant (name or id)" name="tenant" defaultValue={filters.tenant} />
      <Field label="Actor email contains" name="actor" defaultValue={filters.actor} />
      <SelectField label="Action" name="action" defaultValue={filters.action ?? ""} options={ACTION_OPTIONS} />
      <Field label="From (UTC date)" name="from" type="date" defaultValue={filters.from} />
      <Field label="To (UTC date, inclusive)" name="to" type="date" defaultValue={filters.to} />
    </FilterForm>
  );
}
