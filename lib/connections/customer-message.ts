import { buildChecklist, type ChecklistStepId } from "@/lib/connections/checklist";

// The plain-text message support pastes into an email to the customer: what is wrong, what to do, and where in the
// portal's setup checklist. Browser-safe.

const STEPS = buildChecklist({ instanceUrl: null, username: null, certificate: null });

/** The checklist step as the customer sees it on their page ("Step 5, Pre-authorize the integration user"). */
export function checklistStepName(id: ChecklistStepId | undefined): string | null {
  if (!id) return null;
  const index = STEPS.findIndex((s) => s.id === id);
  return index < 0 ? null : `step ${index + 1}, “${STEPS[index]!.title}”`;
}

type MessageInput = {
  connectionName: string;
  outcome: "connected" | "warnings" | "failed" | "running";
  title: string;
  fix: string;
  checklistStep?: ChecklistStepId;
  /** Set for a provider-side cause: the customer-facing cause ("This is on our side…"), said before the fix. */
  providerSideCause?: string;
};

export function buildCustomerMessage(input: MessageInput): string {
  const result = input.outcome === "warnings" ? "connected, with a warning" : "did not connect";
  const step = checklistStepName(input.checklistStep);
  return [
    "Hello,",
    "",
    `We tested your Salesforce connection “${input.connectionName}” and it ${result}: ${input.title.replace(/[.\s]+$/, "")}.`,
    "",
    ...(input.providerSideCause ? [input.providerSideCause, ""] : []),
    `What to do: ${input.fix}`,
    ...(step
      ? ["", `This is done in ${step} of the Salesforce setup checklist on the connection's page in the portal.`]
      : []),
    "",
    "Once that is done, click Test connection on the same page to check it works.",
  ].join("\n");
}
