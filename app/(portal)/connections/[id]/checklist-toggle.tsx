"use client";

import { InlineActionForm, useFormAction } from "@/components/ui/action-form";
import { setChecklistStepAction } from "./actions";

type Props = { connectionId: string; step: string; done: boolean; title: string };

export function ChecklistToggle({ connectionId, step, done, title }: Props) {
  const form = useFormAction(setChecklistStepAction);
  return (
    <InlineActionForm
      form={form}
      hidden={{ connectionId, step, done: done ? "false" : "true" }}
      error={(message) => <p className="text-xs text-red-700">{message}</p>}
    >
      <button
        type="submit"
        disabled={form.pending}
        aria-pressed={done}
        className={`inline-flex min-h-8 shrink-0 items-center rounded-md border px-3 py-1 text-xs font-medium ${done ? "border-green-600 bg-green-50 text-green-800" : "border-slate-300 bg-white text-slate-700"}`}
      >
        <span className="sr-only">{title}: </span>
        {done ? (
          <>
            <span aria-hidden>✓ </span>Done
          </>
        ) : (
          "Mark done"
        )}
      </button>
    </InlineActionForm>
  );
}
