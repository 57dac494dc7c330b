"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

// The support console's tabs: the current page is marked (aria-current) and underlined, its section too.
export function StaffNav({ links }: { links: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav aria-label="Support console" className="flex flex-wrap gap-1 border-b border-slate-200 text-sm">
      {links.map((l) => {
        const current = path === l.href ? "page" : inSection(path, l.href) ? "true" : undefined;
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current}
            className={`-mb-px inline-flex min-h-9 items-center border-b-2 px-3 font-medium ${current ? "border-blue-700 text-blue-900" : "border-transparent text-blue-700 hover:border-slate-300"}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}

// A connection's page belongs to the dashboard; other sub-pages to the tab they start with.
function inSection(path: string, href: string): boolean {
  if (href === "/support") return path.startsWith("/support/connections/");
  return path.startsWith(`${href}/`);
}
