"use client";

import { ActionForm, useFormAction } from "@/components/ui/action-form";
import { SelectField } from "@/components/ui/field";
import type { RetestInterval } from "@/lib/db/generated/enums";
import { INTERVAL_LABELS, RETEST_INTERVALS } from "@/lib/jobs/intervals";
import { setConnectionRetestIntervalAction } from "./actions";

type Props = {
  connectionId: string;
  interval: RetestInterval | null;
  tenantInterval: RetestInterval;
  passedOnce: boolean;
};

// Support (tests:run-any): this connection's own interval, or its tenant's.
export function ConnectionRetestForm({ connectionId, interval, tenantInterval, passedOnce }: Props) {
  const form = useFormAction(setConnectionRetestIntervalAction);
  const options = [
    { value: "tenant", label: `The tenant's interval (${INTERVAL_LABELS[tenantInterval].toLowerCase()})` },
    ...RETEST_INTERVALS.map((value) => ({ value, label: INTERVAL_LABELS[value] })),
  ];
  return (
    <ActionForm
      form={form}
      name={{
        label: "Scheduled re-tests",
        className: "max-w-xl space-y-3 rounded-md border border-slate-200 bg-white p-4",
      }}
      hidden={{ connectionId }}
      errorTitle="The interval was not saved"
      success
      submit="Save interval"
      pendingSubmit="Saving…"
    >
      <SelectField
        key={interval ?? "tenant"}
        name="interval"
        label="Re-test this connection"
        options={options}
        defaultValue={interval ?? "tenant"}
        hint={
          passedOnce
            ? "Scheduled runs are recorded like a click on Test connection, as run by “schedule”, and never use the customer's hourly tests."
            : "Re-tests start once a test has passed."
        }
      />
    </ActionForm>
  );
}
