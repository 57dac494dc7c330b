"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { SelectField } from "@/components/ui/field";
import type { RetestInterval } from "@/lib/db/generated/enums";
import { INTERVAL_LABELS, RETEST_INTERVALS } from "@/lib/jobs/intervals";
import { setTenantRetestIntervalAction } from "../actions";

const OPTIONS = RETEST_INTERVALS.map((value) => ({ value, label: INTERVAL_LABELS[value] }));

// Admins only (schedule:manage): how often this tenant's connections that passed once are re-tested.
export function RetestIntervalForm({ tenantId, interval }: { tenantId: string; interval: RetestInterval }) {
  const form = useFormAction(setTenantRetestIntervalAction);
  return (
    <ActionForm
      form={form}
      name={{
        label: "Scheduled re-tests",
        className: "max-w-2xl space-y-3 rounded-md border border-slate-200 bg-white p-4",
      }}
      hidden={{ tenantId }}
      errorTitle="The interval was not saved"
      success
      submit="Save interval"
      pendingSubmit="Saving…"
    >
      <SelectField
        key={interval}
        name="interval"
        label="Re-test connections"
        options={OPTIONS}
        defaultValue={interval}
        hint="Each connection that has passed a test once is tested again on this interval, at its own time of the interval so that they do not all run at once. Support can set a different interval on a single connection."
      />
    </ActionForm>
  );
}
