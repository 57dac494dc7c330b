"use client";

import { useEffect, useRef, type ReactNode } from "react";

// A done step as one line, the step itself one click away. When a step folds under the customer's hands (the save
// that finished it re-rendered the page), the focused control is gone: focus moves to the folded line, so a keyboard
// user keeps their place and a screen reader reads what was saved.
export function Folded({ when, summary, children }: { when: boolean; summary: string; children: ReactNode }) {
  const line = useRef<HTMLElement>(null);
  const wasFolded = useRef(when);
  useEffect(() => {
    if (when && !wasFolded.current) line.current?.focus();
    wasFolded.current = when;
  }, [when]);
  if (!when) return <>{children}</>;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4" data-testid="folded-step">
      <summary ref={line} className="cursor-pointer py-1 text-sm">
        <span className="font-medium text-green-800">
          <span aria-hidden>✓ </span>
          <span className="sr-only">Done. </span>
          {summary}
        </span>{" "}
        <span className="text-blue-700 underline">Show or change</span>
      </summary>
      <div className="mt-4 space-y-3">{children}</div>
    </details>
  );
}
