import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

type Props = {
  action: string;
  label: string;
  // Query parameters the form does not show but must carry over (hidden inputs); empty values are left out.
  keep?: Record<string, string | number | undefined>;
  // Where "Clear filters" goes (the page without a query); one wording on every filtered page.
  clearHref?: string;
  submitLabel?: string;
  // Field and SelectField elements whose defaultValue is the current query.
  children: ReactNode;
};

// A plain GET form: the URL is the state, so every view can be bookmarked, shared and reached by keyboard.
// Callers key it by the current query: a client-side navigation must reset the uncontrolled fields.
export function FilterForm({ action, label, keep = {}, clearHref, submitLabel = "Apply filters", children }: Props) {
  const hidden = Object.entries(keep).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== "");
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className="flex flex-wrap items-start gap-4 rounded-md border border-slate-200 bg-white p-4"
    >
      {hidden.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {/* Aligned with the inputs, below the labels (text-sm line + gap). */}
      <div className="flex items-center gap-3 pt-6">
        <Button type="submit">{submitLabel}</Button>
        {clearHref ? (
          <Link href={clearHref} className="inline-flex min-h-6 items-center text-sm text-blue-700 underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
