import Link from "next/link";
import { Fragment } from "react";
import { CopyButton } from "@/components/copy-button";
import { Section } from "@/components/ui/section";
import { Table, type Column } from "@/components/ui/table";
import { formatUtc } from "@/lib/dates";

type User = { id: string; email: string; lastSignInAt: Date | null; disabledAt: Date | null };

// An address breaks after its @ and dots, never inside a word.
function EmailText({ email }: { email: string }) {
  const parts = email.split(/(?<=[@.])/);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? <wbr /> : null}
    </Fragment>
  ));
}

const COLUMNS: Column<User>[] = [
  {
    header: "Email",
    cell: (u) => (
      <a href={`mailto:${u.email}`} className="text-blue-700 underline">
        <EmailText email={u.email} />
      </a>
    ),
  },
  {
    header: "Last sign-in",
    cell: (u) => (u.lastSignInAt ? formatUtc(u.lastSignInAt) : "Never"),
    className: "whitespace-nowrap",
  },
  { header: "Account", cell: (u) => (u.disabledAt ? "Disabled" : "Active") },
];

type Props = {
  tenant: { id: string; name: string };
  // Null when the viewer may not open the tenant's page.
  tenantHref: string | null;
  users: User[];
  // The ready-to-send message about the latest diagnosis; null when there is nothing to tell.
  message: string | null;
};

// Who to contact and what to tell them: the tenant, its customers' addresses, and the message about the latest verdict.
export function CustomerCard({ tenant, tenantHref, users, message }: Props) {
  return (
    <Section id="customer" title="Customer">
      <p className="text-sm">
        <span className="font-medium">Tenant: </span>
        {tenantHref ? (
          <Link href={tenantHref} className="text-blue-700 underline">
            {tenant.name}
          </Link>
        ) : (
          tenant.name
        )}
      </p>
      <Table label="Customer users" columns={COLUMNS} rows={users} empty="This tenant has no customer accounts yet." />
      {message ? (
        <div className="space-y-2">
          <div className="flex items-center justify-between gap-3">
            <h3 className="font-semibold">Message for the customer</h3>
            <CopyButton value={message} label="message for the customer" />
          </div>
          <pre
            className="rounded-md border border-slate-200 bg-white p-3 font-sans text-sm whitespace-pre-wrap"
            data-testid="customer-message"
          >
            {message}
          </pre>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          No message to send: the latest test found nothing for the customer to fix.
        </p>
      )}
    </Section>
  );
}
