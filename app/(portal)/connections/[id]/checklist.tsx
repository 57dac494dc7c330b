import { CopyButton } from "@/components/copy-button";
import { formatUtc } from "@/lib/dates";
import type { ChecklistItem, ChecklistStepId } from "@/lib/connections/checklist";
import { ChecklistToggle } from "./checklist-toggle";

type Props = {
  connectionId: string;
  items: ChecklistItem[];
  done: Partial<Record<ChecklistStepId, boolean>>;
  // A connected test proves the whole setup, ticked or not.
  verifiedAt?: string | null;
};

export function Checklist({ connectionId, items, done, verifiedAt }: Props) {
  const completed = items.filter((i) => done[i.id]).length;
  return (
    <div className="space-y-3">
      {verifiedAt ? (
        <p className="text-sm font-medium text-green-800" data-testid="checklist-verified">
          <span aria-hidden>✓ </span>Verified by the test of {formatUtc(verifiedAt)}: Salesforce accepted this setup.
        </p>
      ) : (
        <p className="text-sm text-slate-600">
          {completed} of {items.length} steps done.
        </p>
      )}
      <ol className="space-y-3">
        {items.map((item, index) => (
          <li
            key={item.id}
            id={`step-${item.id}`}
            className="scroll-mt-6 rounded-md border border-slate-200 bg-white p-4 target:ring-2 target:ring-blue-600"
          >
            <div className="flex items-start justify-between gap-4">
              <h3 className={`font-semibold ${done[item.id] ? "text-slate-500 line-through" : ""}`}>
                {index + 1}. {item.title}
              </h3>
              <ChecklistToggle
                connectionId={connectionId}
                step={item.id}
                done={Boolean(done[item.id])}
                title={item.title}
              />
            </div>
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
              {item.instructions.map((text) => (
                <li key={text} className="wrap-break-word">
                  {text}
                </li>
              ))}
            </ul>
            {item.values.length > 0 ? (
              <dl className="mt-3 space-y-1 text-sm">
                {item.values.map((v) => (
                  <div key={v.label} className="flex flex-wrap items-center gap-2">
                    <dt className="font-medium">{v.label}:</dt>
                    <dd className="flex min-w-0 items-center gap-2">
                      <span className="font-mono text-xs break-all">{v.value}</span>
                      <CopyButton value={v.value} label={v.label} />
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
