import Link from "next/link";
import type { ReactNode } from "react";

type SortDirection = "ascending" | "descending";

// A column's link to sort by it: where it goes, the direction it sorts there, and the direction shown now (if any).
export type ColumnSort = { href: string; next: SortDirection; current?: SortDirection };

export type Column<Row> = {
  header: string;
  cell: (row: Row) => ReactNode;
  // Classes for the column's cells (width, wrapping, font).
  className?: string;
  sort?: ColumnSort;
};

type TableProps<Row extends { id: string }> = {
  label: string;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  // Shown instead of the table when there are no rows; null shows nothing (the page says it elsewhere).
  empty: ReactNode;
  rowTestId?: string;
};

// The one data table (rows keyed by their id): a labelled table, one header style, sortable headers as links, and an empty state.
export function Table<Row extends { id: string }>({ label, columns, rows, empty, rowTestId }: TableProps<Row>) {
  if (rows.length === 0) return empty === null ? null : <EmptyState>{empty}</EmptyState>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  return (
    <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs tracking-wide text-slate-600 uppercase">
          <tr>
            {shown.map((c) =>
              c.sort ? (
                <SortableHeader key={c.header} label={c.header} {...c.sort} />
              ) : (
                <Header key={c.header}>{c.header}</Header>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className="align-top" data-testid={rowTestId}>
              {shown.map((c) => (
                <td key={c.header} className={`px-3 py-2 ${c.className ?? ""}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Header({ sort, children }: { sort?: SortDirection; children: ReactNode }) {
  return (
    <th scope="col" aria-sort={sort} className="px-3 py-2 font-medium">
      {children}
    </th>
  );
}

// A header that sorts by its column: a link (keyboard and bookmark friendly), with aria-sort on the active one.
function SortableHeader({ label, href, next, current }: { label: string } & ColumnSort) {
  return (
    <Header sort={current}>
      <Link href={href} className="inline-flex min-h-6 items-center gap-1 underline decoration-dotted">
        {label}
        {current ? <span aria-hidden>{current === "descending" ? "↓" : "↑"}</span> : null}
        <span className="sr-only">, sort {next}</span>
      </Link>
    </Header>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">{children}</p>
  );
}
