import type { SetupSectionId, SetupStep } from "@/lib/connections/setup-progress";

// Where the customer is: the five steps as links to their sections, the current one marked for screen readers too.
export function SetupProgress({ steps, current }: { steps: SetupStep[]; current: SetupSectionId | null }) {
  const now = steps.find((s) => s.id === current);
  return (
    <nav aria-label="Setup progress" className="space-y-2">
      <p className="text-sm font-medium text-slate-800" data-testid="setup-progress">
        {now
          ? `Step ${now.number} of ${steps.length}: ${now.label}`
          : `All ${steps.length} steps done: Salesforce accepted this connection.`}
      </p>
      <ol className="flex flex-wrap gap-2">
        {steps.map((step) => {
          const isCurrent = step.id === current;
          const tone = step.done
            ? "border-green-600 bg-green-50 text-green-900"
            : isCurrent
              ? "border-blue-700 bg-blue-50 font-semibold text-blue-900"
              : "border-slate-300 bg-white text-slate-700";
          return (
            <li key={step.id}>
              <a
                href={`#${step.id}`}
                aria-current={isCurrent ? "step" : undefined}
                className={`inline-flex min-h-8 items-center gap-1 rounded-full border px-3 py-1 text-sm ${tone}`}
              >
                <span aria-hidden>{step.done ? "✓" : `${step.number}.`}</span>
                {step.label}
                <span className="sr-only">{step.done ? " (done)" : isCurrent ? " (current step)" : " (to do)"}</span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
