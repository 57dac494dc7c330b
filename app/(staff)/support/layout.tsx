import Link from "next/link";
import type { ReactNode } from "react";
import { requirePermissionPage } from "@/lib/auth/session";
import { hasPermission } from "@/lib/auth/permissions";

// Navigation only: every staff page and action checks its own permission as well.
export default async function SupportLayout({ children }: { children: ReactNode }) {
  const user = await requirePermissionPage("connections:read-all");
  const links = [
    { href: "/support", label: "Dashboard" },
    { href: "/support/tenants", label: "Tenants" },
    { href: "/support/audit", label: "Audit log" },
    ...(hasPermission(user.role, "staff:manage") ? [{ href: "/support/staff", label: "Staff" }] : []),
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="Support console" className="flex gap-4 border-b border-slate-200 pb-3 text-sm">
        {links.map((l) => (
          <Link key={l.href} href={l.href} className="font-medium text-blue-700 hover:underline">
            {l.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
