import Link from "next/link";
import { Field } from "@/components/ui/field";
import { FilterForm } from "@/components/ui/filter-form";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Table } from "@/components/ui/table";
import { requirePermissionPage } from "@/lib/auth/session";
import { listTenants, TENANTS_PAGE_SIZE } from "@/lib/tenants/queries";
import { tenantListQuerySchema } from "@/lib/tenants/schemas";
import { CreateTenantForm } from "./create-tenant-form";

export const metadata = { title: "Tenants · Support console" };

type Tenant = Awaited<ReturnType<typeof listTenants>>["tenants"][number];

const COLUMNS = [
  {
    header: "Tenant",
    cell: (t: Tenant) => (
      <Link href={`/support/tenants/${t.id}`} className="font-medium text-blue-700 underline">
        {t.name}
      </Link>
    ),
  },
  { header: "Users", cell: (t: Tenant) => t.userCount },
  { header: "Connections", cell: (t: Tenant) => t.connectionCount },
  { header: "Created", cell: (t: Tenant) => t.createdAt.toISOString().slice(0, 10) },
];

export default async function TenantsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermissionPage("tenants:manage");
  const query = tenantListQuerySchema.parse(await searchParams);
  const { total, tenants } = await listTenants({ search: query.q || undefined, page: query.page });
  const pages = Math.max(1, Math.ceil(total / TENANTS_PAGE_SIZE));
  const href = (page: number, enabled: boolean) =>
    enabled
      ? `/support/tenants?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(page) })}`
      : null;
  return (
    <div className="space-y-8">
      <PageHeader
        title="Tenants"
        description="Each tenant is one customer company. Open one to invite its people or disable an account."
      />
      <FilterForm
        key={query.q ?? ""}
        action="/support/tenants"
        label="Search tenants"
        submitLabel="Search"
        clearHref="/support/tenants"
      >
        <Field label="Search by name" name="q" id="tenant-search" defaultValue={query.q} />
      </FilterForm>
      <Table
        label="Tenants"
        columns={COLUMNS}
        rows={tenants}
        empty={query.q ? "No tenant matches this search." : "No tenants yet. Create the first one below."}
      />
      <Pagination
        previous={href(query.page - 1, query.page > 1)}
        status={`Page ${query.page} of ${pages} (${total} tenants)`}
        next={href(query.page + 1, query.page < pages)}
      />
      <CreateTenantForm />
    </div>
  );
}
