import { Fragment, type ReactNode } from "react";

type Definition = { term: string; definition: ReactNode; mono?: boolean; testId?: string };

type Props = { items: readonly Definition[]; label?: string; boxed?: boolean; missing?: string };

// Term and definition pairs, straight children of the dl (valid structure); an empty definition reads `missing`.
export function DefinitionList({ items, label, boxed = false, missing = "Not set" }: Props) {
  const frame = boxed ? "rounded-md border border-slate-200 bg-white p-4" : "";
  return (
    <dl className={`grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm ${frame}`} aria-label={label}>
      {items.map(({ term, definition, mono, testId }) => (
        <Fragment key={term}>
          <dt className="font-medium text-slate-600">{term}</dt>
          <dd className={mono ? "font-mono text-xs break-all" : "wrap-anywhere"} data-testid={testId}>
            {definition ?? <span className="text-slate-600">{missing}</span>}
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}
