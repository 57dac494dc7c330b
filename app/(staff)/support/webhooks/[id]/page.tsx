import Link from "next/link";
import { notFound } from "next/navigation";
import { DefinitionList } from "@/components/ui/definition-list";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Section } from "@/components/ui/section";
import { hasPermission } from "@/lib/auth/permissions";
import { requirePermissionPage } from "@/lib/auth/session";
import { formatUtc } from "@/lib/dates";
import { PREVIOUS_SECRET_HOURS } from "@/lib/webhooks/endpoints";
import { DELIVERIES_SHOWN, EVENT_CHOICES, getWebhookEndpoint, listWebhookDeliveries } from "@/lib/webhooks/views";
import { DeliveryLog } from "./delivery-log";
import { EditWebhookForm } from "./edit-webhook-form";
import { DeleteWebhookForm, RotateSecretForm, SendTestEventForm } from "./endpoint-actions";

export const metadata = { title: "Webhook · Support console" };

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ before?: string | string[] }>;
}) {
  const user = await requirePermissionPage("webhooks:read");
  const endpoint = await getWebhookEndpoint((await params).id);
  if (!endpoint) notFound();
  const before = (await searchParams).before;
  const { deliveries, older, olderBefore } = await listWebhookDeliveries(
    endpoint.id,
    typeof before === "string" ? before : null,
  );
  const canManage = hasPermission(user.role, "webhooks:manage");
  const path = `/support/webhooks/${endpoint.id}`;
  return (
    <div className="space-y-8">
      <PageHeader
        title="Webhook"
        breadcrumb={
          <Link href="/support/webhooks" className="text-blue-700 underline">
            Webhooks
          </Link>
        }
        description={endpoint.description || undefined}
      />
      <DefinitionList
        boxed
        label="Webhook"
        items={[
          { term: "URL", definition: endpoint.url, mono: true, testId: "webhook-url" },
          {
            term: "Scope",
            definition: endpoint.tenant ? (
              <Link href={`/support/tenants/${endpoint.tenant.id}`} className="text-blue-700 underline">
                {endpoint.tenant.name}
              </Link>
            ) : (
              "All tenants"
            ),
          },
          { term: "Events", definition: endpoint.eventTypes.join(", "), mono: true },
          { term: "Status", definition: endpoint.enabled ? "Enabled" : "Disabled", testId: "webhook-status" },
          {
            term: "Created",
            definition: `${formatUtc(endpoint.createdAt)}${endpoint.createdByEmail ? ` by ${endpoint.createdByEmail}` : ""}`,
          },
          ...(endpoint.previousSecretValidUntil
            ? [
                {
                  term: "Previous secret valid until",
                  definition: formatUtc(endpoint.previousSecretValidUntil),
                  testId: "previous-secret-until",
                },
              ]
            : []),
        ]}
      />
      <Section
        id="deliveries"
        title="Delivery log"
        description={
          <>
            Newest first, {DELIVERIES_SHOWN} a page. A receiver that does not answer 2xx is tried again after 30 s, 1,
            2, 4… minutes for 24 hours; the deliveries after it wait, so events arrive in order.{" "}
            <Link href={path} className="text-blue-700 underline">
              Refresh
            </Link>
          </>
        }
      >
        <DeliveryLog endpointId={endpoint.id} deliveries={deliveries} />
        <Pagination
          label="Delivery log pages"
          first={older ? `${path}#deliveries` : null}
          next={olderBefore ? `${path}?before=${olderBefore}#deliveries` : null}
          status={older ? "Older deliveries" : "Newest deliveries"}
        />
      </Section>
      <Section id="manage" title="Manage">
        {canManage ? (
          <div className="space-y-4">
            <SendTestEventForm endpointId={endpoint.id} />
            <EditWebhookForm endpoint={endpoint} choices={EVENT_CHOICES} />
            <RotateSecretForm endpointId={endpoint.id} previousHours={PREVIOUS_SECRET_HOURS} />
            <DeleteWebhookForm endpointId={endpoint.id} url={endpoint.url} />
          </div>
        ) : (
          <p className="text-sm text-slate-700" data-testid="webhook-manage-policy">
            Only an admin can change, test, rotate the secret of or delete a webhook. You can redeliver finished
            deliveries.
          </p>
        )}
      </Section>
    </div>
  );
}
