import { Table } from "@/components/ui/table";
import { formatDuration, formatUtc } from "@/lib/dates";
import type { AttemptView, DeliveryView } from "@/lib/webhooks/views";
import { RedeliverButton } from "./redeliver-button";

function stateText(d: DeliveryView): string {
  if (d.state === "delivered") return "Delivered";
  if (d.state === "failed") return "Failed";
  return d.attempts === 0 ? "Queued" : `Retrying (next attempt at ${formatUtc(d.nextAttemptAt)})`;
}

function answerText(a: { status: number | null; error: string | null }): string {
  if (a.status !== null) return a.error ? `HTTP ${a.status}: ${a.error}` : `HTTP ${a.status}`;
  return a.error ?? "—";
}

function Attempts({ delivery }: { delivery: DeliveryView }) {
  const n = delivery.attempts;
  if (delivery.attemptLog.length === 0) return <>{n}</>;
  return (
    <details>
      <summary className="cursor-pointer text-blue-700 underline">
        {n} attempt{n === 1 ? "" : "s"}
      </summary>
      <ol className="mt-2 space-y-2" aria-label={`Attempts of delivery ${delivery.id}`}>
        {delivery.attemptLog.map((a) => (
          <AttemptItem key={a.id} attempt={a} />
        ))}
      </ol>
    </details>
  );
}

function AttemptItem({ attempt }: { attempt: AttemptView }) {
  return (
    <li className="space-y-1 border-l-2 border-slate-200 pl-2 text-xs" data-testid="webhook-attempt">
      <p>
        {formatUtc(attempt.at)} · {answerText(attempt)} · {formatDuration(attempt.durationMs)}
      </p>
      {attempt.excerpt ? (
        <pre className="max-h-40 max-w-md overflow-auto rounded bg-slate-50 p-2 whitespace-pre-wrap">
          {attempt.excerpt}
        </pre>
      ) : null}
    </li>
  );
}

// The newest deliveries, each expandable to its attempts; whoever reads the log (webhooks:read) may send a finished one again.
export function DeliveryLog({ endpointId, deliveries }: { endpointId: string; deliveries: readonly DeliveryView[] }) {
  return (
    <Table
      label="Delivery log"
      rows={deliveries}
      rowTestId="webhook-delivery"
      empty="No deliveries yet. Events this webhook subscribes to appear here, as does Send test event."
      columns={[
        {
          header: "Event",
          cell: (d) => (
            <>
              <span className="font-mono text-xs">{d.eventType}</span>
              {d.redeliveryOf ? <span className="block text-xs text-slate-600">Redelivery</span> : null}
            </>
          ),
        },
        { header: "Event id", cell: (d) => d.eventId ?? "—", className: "font-mono text-xs break-all" },
        { header: "State", cell: stateText },
        { header: "Attempts", cell: (d) => <Attempts delivery={d} /> },
        {
          header: "Last answer",
          // The status alone: a redirect's explanation is in the attempt's line.
          cell: (d) => (d.attempts === 0 ? "—" : d.lastStatus !== null ? `HTTP ${d.lastStatus}` : (d.lastError ?? "—")),
          className: "max-w-xs break-words",
        },
        {
          header: "Duration",
          cell: (d) => (d.lastDurationMs === null ? "—" : `${d.lastDurationMs} ms`),
        },
        { header: "Created", cell: (d) => formatUtc(d.createdAt) },
        {
          header: "Action",
          cell: (d) =>
            d.state === "pending" ? null : (
              <RedeliverButton endpointId={endpointId} deliveryId={d.id} what={`${d.eventType} ${d.eventId ?? d.id}`} />
            ),
        },
      ]}
    />
  );
}
