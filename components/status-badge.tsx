import { CONNECTION_STATUS, type ConnectionStatus } from "@/lib/connections/status";

const STYLES: Record<ConnectionStatus, string> = {
  never_tested: "bg-slate-100 text-slate-700",
  connected: "bg-green-100 text-green-800",
  warnings: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
};

// Beside the words, never instead of them.
const ICONS: Record<ConnectionStatus, string> = { never_tested: "○", connected: "✓", warnings: "!", failed: "✕" };

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const text = CONNECTION_STATUS[status].label;
  const style = STYLES[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{text}</span>;
}

// The page's most visible element: a connection's status next to its title, larger and with an icon.
export function StatusPill({ status }: { status: ConnectionStatus }) {
  return (
    <span
      className={`inline-flex items-center gap-2 rounded-full px-4 py-1.5 text-base font-semibold ${STYLES[status]}`}
      data-testid="status-pill"
    >
      <span aria-hidden className="text-lg leading-none">
        {ICONS[status]}
      </span>
      {CONNECTION_STATUS[status].label}
    </span>
  );
}
