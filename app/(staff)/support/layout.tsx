import type { ReactNode } from "react";
import { StaffNav } from "@/components/staff-nav";
import { requirePermissionPage } from "@/lib/auth/session";
import { hasPermission } from "@/lib/auth/permissions";

// Navigation only: every staff page and action checks its own permission as well. data-wide lets the root layout's
// main column use the full width: staff tables have many columns.
export default async function SupportLayout({ children }: { children: ReactNode }) {
  const user = await requirePermissionPage("connections:read-all");
  const links = [
    { href: "/support", label: "Dashboard" },
    { href: "/support/tenants", label: "Tenants" },
    { href: "/support/audit", label: "Audit log" },
    { href: "/support/jobs", label: "Failed jobs" },
    ...(hasPermission(user.role, "webhooks:read") ? [{ href: "/support/webhooks", label: "Webhooks" }] : []),
    ...(hasPermission(user.role, "staff:manage") ? [{ href: "/support/staff", label: "Staff" }] : []),
  ];
  return (
    <div className="space-y-6" data-wide>
      <StaffNav links={links} />
      {children}
    </div>
  );
}
