const LABELS = {
  never_tested: { text: "Never tested", style: "bg-slate-100 text-slate-700" },
  connected: { text: "Connected", style: "bg-green-100 text-green-800" },
  warnings: { text: "Connected with warnings", style: "bg-amber-100 text-amber-900" },
  failed: { text: "Failed", style: "bg-red-100 text-red-800" },
} as const;

export type ConnectionStatusValue = keyof typeof LABELS;

export function statusText(status: ConnectionStatusValue): string {
  return LABELS[status].text;
}

export function StatusBadge({ status }: { status: ConnectionStatusValue }) {
  const { text, style } = LABELS[status];
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>{text}</span>;
}
