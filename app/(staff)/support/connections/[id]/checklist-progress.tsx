import { Section } from "@/components/ui/section";
import { buildChecklist, parseChecklistState } from "@/lib/connections/checklist";
import type { BundleDownload } from "@/lib/connections/salesforce-bundle";
import { formatUtc } from "@/lib/dates";

const STEPS = buildChecklist({ instanceUrl: null, username: null, certificate: null });

// The customer's own ticks on their setup checklist (what they say they did, not what a test proved), and the CLI
// path's: the bundle download (from the audit log), then the deploy and the assignment they tick.
export function ChecklistProgress({ checklist, bundle }: { checklist: unknown; bundle: BundleDownload | null }) {
  const done = parseChecklistState(checklist);
  const ticked = STEPS.filter((s) => done[s.id]).length;
  const mark = (yes: boolean | undefined) => (yes ? "ticked" : "not ticked");
  return (
    <Section id="checklist" title="Setup checklist">
      {bundle ? (
        <p className="text-sm text-slate-700" data-testid="cli-progress">
          With the CLI: bundle of app {bundle.appName} downloaded {formatUtc(bundle.at)} (certificate serial{" "}
          {bundle.certificateSerial.toUpperCase()}); deploy {mark(done["cli-deploy"])}, permission set assignment{" "}
          {mark(done["cli-assign"])}.
        </p>
      ) : null}
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
