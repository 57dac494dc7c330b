import { CONNECTION_STATUS, type ConnectionStatus } from "@/lib/connections/status";

const STYLES: Record<ConnectionStatus, string> = {
  never_tested: "bg-slate-100 text-slate-700",
  connected: "bg-green-100 text-green-800",
  warnings: "bg-amber-100 text-amber-900",
  failed: "bg-red-100 text-red-800",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  const text = CONNECTION_STATUS[status].label;
  const style = STYLES[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{text}</span>;
}
