import { CreateWebhookForm } from "@/components/create-webhook-form";
import { WebhookEndpointsTable } from "@/components/webhook-endpoints-table";
import { PageHeader } from "@/components/ui/page-header";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { EVENT_CHOICES, listWebhookEndpoints } from "@/lib/webhooks/views";
import { createWebhookAction } from "./actions";

export const metadata = { title: "Webhooks · Support console" };

// Every endpoint, global ones first; a tenant's own are added from the tenant's page.
export default async function WebhooksPage() {
  const user = await requirePermissionPage("webhooks:read");
  const endpoints = await listWebhookEndpoints();
  const canManage = hasPermission(user.role, "webhooks:manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description="Signed HTTP requests to receivers outside the portal when a connection fails, recovers or warns, or a certificate nears expiry or is renewed. A webhook for all tenants gets every tenant's events; a tenant's own webhook, only that tenant's."
      />
      <WebhookEndpointsTable
        endpoints={endpoints}
        scope
        empty="No webhooks yet. Add one for all tenants here, or one for a single tenant on the tenant's page."
      />
      {canManage ? (
        <CreateWebhookForm tenantId={null} choices={EVENT_CHOICES} action={createWebhookAction} />
      ) : (
        <p className="text-sm text-slate-700">Only an admin can add, change or delete a webhook.</p>
      )}
    </div>
  );
}
