import Link from "next/link";
import { notFound } from "next/navigation";
import { CreateWebhookForm } from "@/components/create-webhook-form";
import { WebhookEndpointsTable } from "@/components/webhook-endpoints-table";
import { PageHeader } from "@/components/ui/page-header";
import { Section } from "@/components/ui/section";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { getTenantForStaff } from "@/lib/tenants/queries";
import { InviteForm } from "./invite-form";
import { KeyExportForm } from "./key-export-form";
import { RecentInvitations } from "./recent-invitations";
import { RetestIntervalForm } from "./retest-interval-form";
import { INTERVAL_LABELS } from "@/lib/jobs/intervals";
import { EVENT_CHOICES, listTenantWebhooks } from "@/lib/webhooks/views";
import { TenantUsers } from "./tenant-users";
import { createWebhookAction } from "../../webhooks/actions";

export const metadata = { title: "Tenant · Support console" };

export default async function TenantPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePermissionPage("tenants:manage");
  const tenant = await getTenantForStaff((await params).id);
  if (!tenant) notFound();
  const connections = tenant._count.connections;
  const webhooks = hasPermission(user.role, "webhooks:read") ? await listTenantWebhooks(tenant.id) : null;
  return (
    <div className="space-y-8">
      <PageHeader
        title={tenant.name}
        breadcrumb={
          <Link href="/support/tenants" className="text-blue-700 underline">
            Tenants
          </Link>
        }
        description={
          <>
            {connections} connection{connections === 1 ? "" : "s"} ·{" "}
            <Link href={`/support/audit?tenant=${tenant.id}`} className="text-blue-700 underline">
              Audit log for this tenant
            </Link>
          </>
        }
      />
      <Section id="users" title="Users">
        <TenantUsers tenantId={tenant.id} users={tenant.users} />
      </Section>
      <Section id="key-export" title="Key export">
        {hasPermission(user.role, "keys:export") ? (
          <KeyExportForm tenantId={tenant.id} allowed={tenant.keyExportAllowed} />
        ) : (
          <p className="text-sm text-slate-700" data-testid="key-export-policy">
            Customers may export the private key: <strong>{tenant.keyExportAllowed ? "Yes" : "No"}</strong>. Only an
            admin can change this.
          </p>
        )}
      </Section>
      <Section id="retests" title="Scheduled re-tests">
        {hasPermission(user.role, "schedule:manage") ? (
          <RetestIntervalForm tenantId={tenant.id} interval={tenant.retestInterval} />
        ) : (
          <p className="text-sm text-slate-700" data-testid="retest-interval">
            Connections are re-tested: <strong>{INTERVAL_LABELS[tenant.retestInterval]}</strong>. Only an admin can
            change this for the tenant; support can change it on a connection&apos;s page.
          </p>
        )}
      </Section>
      {webhooks ? (
        <Section id="webhooks" title="Webhooks" description="This tenant's own webhooks: they get only its events.">
          <WebhookEndpointsTable endpoints={webhooks} scope={false} empty="No webhooks for this tenant." />
          {hasPermission(user.role, "webhooks:manage") ? (
            <CreateWebhookForm tenantId={tenant.id} choices={EVENT_CHOICES} action={createWebhookAction} />
          ) : (
            <p className="text-sm text-slate-700" data-testid="webhooks-policy">
              Only an admin can add a webhook for this tenant.
            </p>
          )}
        </Section>
      ) : null}
      <InviteForm tenantId={tenant.id} />
      <RecentInvitations invitations={tenant.invitations} />
    </div>
  );
}
