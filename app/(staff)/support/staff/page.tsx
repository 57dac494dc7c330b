import { accountStatusColumns, emailColumn } from "@/components/account-columns";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { requirePermissionPage } from "@/lib/auth/session";
import { listStaffUsers } from "@/lib/users/queries";
import { CreateStaffForm } from "./create-staff-form";
import { StaffRowActions } from "./staff-row-actions";

export const metadata = { title: "Staff · Support console" };

type StaffUser = Awaited<ReturnType<typeof listStaffUsers>>[number];

export default async function StaffPage() {
  const me = await requirePermissionPage("staff:manage");
  const staff = await listStaffUsers();
  const actions = (s: StaffUser) =>
    s.id === me.id ? (
      <span className="text-slate-500">You</span>
    ) : (
      <StaffRowActions
        userId={s.id}
        email={s.email}
        role={s.role === "admin" ? "admin" : "support"}
        disabled={Boolean(s.disabledAt)}
      />
    );
  return (
    <div className="space-y-8">
      <PageHeader
        title="Staff"
        description="Support users see every tenant; admins also manage staff. The last active admin cannot be disabled or demoted."
      />
      <Table
        label="Staff users"
        rows={staff}
        empty="No staff users."
        columns={[
          emailColumn<StaffUser>(),
          { header: "Role", cell: (s) => s.role },
          ...accountStatusColumns<StaffUser>(),
          { header: "Actions", cell: actions },
        ]}
      />
      <CreateStaffForm />
    </div>
  );
}
