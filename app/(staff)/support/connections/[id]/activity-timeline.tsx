import { Section } from "@/components/ui/section";
import type { ActivityItem, ActivityTone } from "@/lib/connections/activity-words";
import { formatUtc } from "@/lib/dates";

const DOT: Record<ActivityTone, string> = {
  ok: "bg-green-600",
  warning: "bg-amber-500",
  failed: "bg-red-600",
  neutral: "bg-slate-400",
};

// Test runs and audit entries in one list, newest first, in plain words.
export function ActivityTimeline({ items, limit }: { items: ActivityItem[]; limit: number }) {
  return (
    <Section
      id="activity"
      title="Activity"
      description={`Test runs and changes to this connection, newest first (at most ${limit}).`}
    >
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing has happened on this connection yet.</p>
      ) : (
        <ol aria-label="Activity" className="space-y-2 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap gap-x-3" data-testid="activity-item">
              <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${DOT[item.tone]}`} />
              <time dateTime={item.at.toISOString()} className="shrink-0 text-slate-600 tabular-nums">
                {formatUtc(item.at)}
              </time>
              <span className="min-w-0 break-words">{item.text}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
