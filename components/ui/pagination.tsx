import Link from "next/link";
import type { ReactNode } from "react";

// Each target: a URL to go to, null where there is nowhere to go (shown disabled), or left out (not shown).
type Props = {
  status: ReactNode;
  first?: string | null;
  previous?: string | null;
  next?: string | null;
  last?: string | null;
  label?: string;
};

// Links, not buttons: every page has a URL, and Tab and Enter move through them. Nothing to show when no link leads anywhere.
export function Pagination({ status, first, previous, next, last, label = "Pagination" }: Props) {
  if (![first, previous, next, last].some(Boolean)) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      {first !== undefined ? <PageLink href={first}>First</PageLink> : null}
      {previous !== undefined ? <PageLink href={previous}>Previous</PageLink> : null}
      <span className="px-2 text-slate-700">{status}</span>
      {next !== undefined ? <PageLink href={next}>Next</PageLink> : null}
      {last !== undefined ? <PageLink href={last}>Last</PageLink> : null}
    </nav>
  );
}

function PageLink({ href, children }: { href: string | null; children: string }) {
  if (!href) {
    return (
      <span aria-disabled="true" className="rounded-md border border-slate-200 px-3 py-1.5 text-slate-600">
        {children}
      </span>
    );
  }
  return (
    <Link href={href} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
      {children}
    </Link>
  );
}
