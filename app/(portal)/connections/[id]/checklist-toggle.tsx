"use client";

import { useActionState } from "react";
import { setChecklistStepAction } from "./actions";

export function ChecklistToggle({
  connectionId,
  step,
  done,
  title,
}: {
  connectionId: string;
  step: string;
  done: boolean;
  title: string;
}) {
  const [state, action, pending] = useActionState(setChecklistStepAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="connectionId" value={connectionId} />
      <input type="hidden" name="step" value={step} />
      <input type="hidden" name="done" value={done ? "false" : "true"} />
      <button
        type="submit"
        disabled={pending}
        aria-pressed={done}
        className={`rounded-md border px-3 py-1 text-xs font-medium ${done ? "border-green-600 bg-green-50 text-green-800" : "border-slate-300 bg-white text-slate-700"}`}
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
      {state && !state.ok ? <p className="text-xs text-red-700">{state.error}</p> : null}
    </form>
  );
}
