import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { listStaffUsers } from "@/lib/users/queries";
import { CreateStaffForm } from "./create-staff-form";
import { StaffRowActions } from "./staff-row-actions";

export const metadata = { title: "Staff · Support console" };

export default async function StaffPage() {
  const me = await requirePermissionPage("staff:manage");
  const staff = await listStaffUsers();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Staff</h1>
        <p className="text-slate-600">Support users see every tenant; admins also manage staff. The last active admin cannot be disabled or demoted.</p>
      </div>
      <table className="w-full border-collapse bg-white text-sm" aria-label="Staff users">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th className="px-3 py-2 font-medium">Email</th>
            <th className="px-3 py-2 font-medium">Role</th>
            <th className="px-3 py-2 font-medium">Status</th>
            <th className="px-3 py-2 font-medium">Last sign-in</th>
            <th className="px-3 py-2 font-medium">Actions</th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} className="border-b border-slate-100">
              <td className="px-3 py-2">{s.email}</td>
              <td className="px-3 py-2">{s.role}</td>
              <td className="px-3 py-2">{s.disabledAt ? `Disabled ${formatUtc(s.disabledAt)}` : "Active"}</td>
              <td className="px-3 py-2">{s.lastSignInAt ? formatUtc(s.lastSignInAt) : "Never"}</td>
              <td className="px-3 py-2">
                {s.id === me.id ? (
                  <span className="text-slate-500">You</span>
                ) : (
                  <StaffRowActions userId={s.id} email={s.email} role={s.role === "admin" ? "admin" : "support"} disabled={Boolean(s.disabledAt)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreateStaffForm />
    </div>
  );
}
