import { accountStatusColumns, emailColumn } from "@/components/account-columns";
import { Table, type Column } from "@/components/ui/table";
import { SendResetForm } from "./send-reset-form";
import { UserStatusForm } from "./user-status-form";

type User = { id: string; email: string; disabledAt: Date | null; lastSignInAt: Date | null };

// The tenant's customers, each with the button that disables or enables the account, and (while enabled) the one
// that sends a password reset link.
export function TenantUsers({ tenantId, users }: { tenantId: string; users: User[] }) {
  const action: Column<User> = {
    header: "Action",
    cell: (u) => (
      <div className="flex flex-wrap items-start gap-3">
        <UserStatusForm tenantId={tenantId} userId={u.id} email={u.email} disabled={Boolean(u.disabledAt)} />
        {u.disabledAt ? null : <SendResetForm tenantId={tenantId} userId={u.id} email={u.email} />}
      </div>
    ),
  };
  return (
    <Table
      label="Users"
      columns={[emailColumn<User>(), ...accountStatusColumns<User>(), action]}
      rows={users}
      empty="No users yet. Invite the customer below."
    />
  );
}
