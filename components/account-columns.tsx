import type { Column } from "@/components/ui/table";
import { formatUtc } from "@/lib/dates";

type Account = { email: string; disabledAt: Date | null; lastSignInAt: Date | null };

// The columns every list of accounts shares (customers of a tenant, staff), around the list's own ones.
export const emailColumn = <T extends Account>(): Column<T> => ({ header: "Email", cell: (a) => a.email });

export const accountStatusColumns = <T extends Account>(): Column<T>[] => [
  { header: "Status", cell: (a) => (a.disabledAt ? `Disabled ${formatUtc(a.disabledAt)}` : "Active") },
  { header: "Last sign-in", cell: (a) => (a.lastSignInAt ? formatUtc(a.lastSignInAt) : "Never") },
];
