import Link from "next/link";
import { notFound } from "next/navigation";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { getTenantForStaff } from "@/lib/tenants/queries";
import { InviteForm } from "./invite-form";
import { KeyExportForm } from "./key-export-form";
import { UserStatusForm } from "./user-status-form";

export const metadata = { title: "Tenant · Support console" };

function invitationStatus(invitation: { acceptedAt: Date | null; expiresAt: Date }): string {
  if (invitation.acceptedAt) return `Accepted ${formatUtc(invitation.acceptedAt)}`;
  if (invitation.expiresAt.getTime() <= Date.now()) return "Expired";
  return `Pending, expires ${formatUtc(invitation.expiresAt)}`;
}

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermissionPage("tenants:manage");
  const tenant = await getTenantForStaff((await params).id);
  if (!tenant) notFound();
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link href="/support/tenants" className="text-blue-700 underline">
            Tenants
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{tenant.name}</h1>
        <p className="text-slate-600">
          {tenant._count.connections} connection{tenant._count.connections === 1 ? "" : "s"} ·{" "}
          <Link href={`/support/audit?tenant=${tenant.id}`} className="text-blue-700 underline">
            Audit log for this tenant
          </Link>
        </p>
      </div>
      <section aria-labelledby="users-heading" className="space-y-3">
        <h2 id="users-heading" className="text-xl font-semibold">
          Users
        </h2>
        {tenant.users.length === 0 ? (
          <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-600">No users yet. Invite the customer below.</p>
        ) : (
          <table className="w-full border-collapse bg-white text-sm" aria-label="Users">
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th className="px-3 py-2 font-medium">Email</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">Last sign-in</th>
                <th className="px-3 py-2 font-medium">Action</th>
              </tr>
            </thead>
            <tbody>
              {tenant.users.map((u) => (
                <tr key={u.id} className="border-b border-slate-100">
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.disabledAt ? `Disabled ${formatUtc(u.disabledAt)}` : "Active"}</td>
                  <td className="px-3 py-2">{u.lastSignInAt ? formatUtc(u.lastSignInAt) : "Never"}</td>
                  <td className="px-3 py-2">
                    <UserStatusForm tenantId={tenant.id} userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="key-export-heading" className="space-y-3">
        <h2 id="key-export-heading" className="text-xl font-semibold">
          Key export
        </h2>
        {hasPermission(user.role, "keys:export") ? (
          <KeyExportForm tenantId={tenant.id} allowed={tenant.keyExportAllowed} />
        ) : (
          <p className="text-sm text-slate-700" data-testid="key-export-policy">
            Customers may export the private key: <strong>{tenant.keyExportAllowed ? "Yes" : "No"}</strong>. Only an admin can change this.
          </p>
        )}
      </section>
      <InviteForm tenantId={tenant.id} />
      {tenant.invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading" className="space-y-3">
          <h2 id="invitations-heading" className="text-xl font-semibold">
            Recent invitations
          </h2>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm" aria-label="Recent invitations">
            {tenant.invitations.map((i) => (
              <li key={i.id} className="flex justify-between px-4 py-2">
                <span>{i.email}</span>
                <span className="text-slate-600">{invitationStatus(i)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
