import Link from "next/link";
import { Table } from "@/components/ui/table";
import { formatUtc } from "@/lib/dates";
import type { EndpointRow, LastDelivery } from "@/lib/webhooks/views";

const STATE_WORDS = { pending: "Retrying", delivered: "Delivered", failed: "Failed" } as const;

// "Delivered · HTTP 200 · 2026-11-30 14:05:09 UTC"; a delivery not yet tried is "Queued".
function lastDeliveryText(d: LastDelivery | null): string {
  if (!d) return "No deliveries yet";
  const state = d.state === "pending" && d.status === null && d.error === null ? "Queued" : STATE_WORDS[d.state];
  const answer = d.status !== null ? `HTTP ${d.status}` : d.error ? "no answer" : null;
  return [state, answer, formatUtc(d.at)].filter(Boolean).join(" · ");
}

// Webhook endpoints, each linked to its page and delivery log; `scope` adds the All tenants / tenant column.
export function WebhookEndpointsTable({
  endpoints,
  scope,
  empty,
}: {
  endpoints: readonly EndpointRow[];
  scope: boolean;
  empty: string;
}) {
  return (
    <Table
      label="Webhooks"
      rows={endpoints}
      rowTestId="webhook-row"
      empty={empty}
      columns={[
        {
          header: "URL",
          cell: (e) => (
            <>
              <Link href={`/support/webhooks/${e.id}`} className="font-mono text-xs break-all text-blue-700 underline">
                {e.url}
              </Link>
              {e.description ? <span className="block text-xs text-slate-600">{e.description}</span> : null}
            </>
          ),
          className: "max-w-sm",
        },
        scope && {
          header: "Scope",
          cell: (e) =>
            e.tenant ? (
              <Link href={`/support/tenants/${e.tenant.id}`} className="text-blue-700 underline">
                {e.tenant.name}
              </Link>
            ) : (
              "All tenants"
            ),
        },
        { header: "Events", cell: (e) => e.eventTypes.join(", "), className: "max-w-xs font-mono text-xs" },
        { header: "Status", cell: (e) => (e.enabled ? "Enabled" : "Disabled") },
        { header: "Last delivery", cell: (e) => lastDeliveryText(e.lastDelivery) },
      ]}
    />
  );
}
