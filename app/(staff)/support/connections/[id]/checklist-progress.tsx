import { Section } from "@/components/ui/section";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";

const STEPS = buildChecklist({ instanceUrl: null, username: null, certificate: null });

// The customer's own ticks on their setup checklist (what they say they did, not what a test proved).
export function ChecklistProgress({ checklist }: { checklist: unknown }) {
  const done = parseChecklistState(checklist);
  const ticked = STEPS.filter((s) => done[s.id]).length;
  return (
    <Section id="checklist" title="Setup checklist">
      <p className="text-sm text-slate-700" data-testid="checklist-progress">
        {ticked} of {STEPS.length} steps ticked by the customer.
      </p>
      <ol className="space-y-1 text-sm">
        {STEPS.map((step, index) => (
          <li key={step.id} className="flex gap-2">
            <span aria-hidden className={done[step.id] ? "text-green-800" : "text-slate-500"}>
              {done[step.id] ? "✓" : "○"}
            </span>
            <span>
              {index + 1}. {step.title}
              <span className="sr-only">{done[step.id] ? ": ticked" : ": not ticked"}</span>
            </span>
          </li>
        ))}
      </ol>
    </Section>
  );
}
