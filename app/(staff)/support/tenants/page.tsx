import Link from "next/link";
import { z } from "zod";
import { requirePermissionPage } from "@/lib/auth/session";
import { listTenants, TENANTS_PAGE_SIZE } from "@/lib/tenants/queries";
import { CreateTenantForm } from "./create-tenant-form";

export const metadata = { title: "Tenants · Support console" };

const querySchema = z.object({
  q: z.string().trim().max(120).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermissionPage("tenants:manage");
  const query = querySchema.parse(await searchParams);
  const { total, tenants } = await listTenants({ search: query.q || undefined, page: query.page });
  const pages = Math.max(1, Math.ceil(total / TENANTS_PAGE_SIZE));
  const href = (page: number) => `/support/tenants?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(page) })}`;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Tenants</h1>
        <p className="text-slate-600">Each tenant is one customer company. Open one to invite its people or disable an account.</p>
      </div>
      <form method="get" className="flex items-end gap-3" role="search" aria-label="Search tenants">
        <div className="flex flex-col gap-1">
          <label htmlFor="tenant-search" className="text-sm font-medium text-slate-800">
            Search by name
          </label>
          <input id="tenant-search" name="q" defaultValue={query.q} className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100">
          Search
        </button>
      </form>
      {tenants.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-slate-600">{query.q ? "No tenant matches this search." : "No tenants yet. Create the first one below."}</p>
      ) : (
        <table className="w-full border-collapse rounded-md bg-white text-sm" aria-label="Tenants">
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th className="px-3 py-2 font-medium">Tenant</th>
              <th className="px-3 py-2 font-medium">Users</th>
              <th className="px-3 py-2 font-medium">Connections</th>
              <th className="px-3 py-2 font-medium">Created</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((t) => (
              <tr key={t.id} className="border-b border-slate-100">
                <td className="px-3 py-2">
                  <Link href={`/support/tenants/${t.id}`} className="font-medium text-blue-700 underline">
                    {t.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{t.userCount}</td>
                <td className="px-3 py-2">{t.connectionCount}</td>
                <td className="px-3 py-2">{t.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav aria-label="Pagination" className="flex items-center gap-4 text-sm">
          {query.page > 1 ? <Link href={href(query.page - 1)} className="text-blue-700 underline">Previous page</Link> : null}
          <span>
            Page {query.page} of {pages} ({total} tenants)
          </span>
          {query.page < pages ? <Link href={href(query.page + 1)} className="text-blue-700 underline">Next page</Link> : null}
        </nav>
      ) : null}
      <CreateTenantForm />
    </div>
  );
}
