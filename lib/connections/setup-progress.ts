import { CHECKLIST_STEP_IDS, type SetupStepId } from "./checklist";

// Browser-safe. The connection page's steps in the order the customer acts: the My Domain URL personalises the rest,
// the certificate goes into Salesforce, the Salesforce side (with the CLI or by hand), then the username, then the test.

const SETUP_STEPS = [
  { id: "my-domain", label: "My Domain" },
  { id: "certificate", label: "Certificate" },
  { id: "setup", label: "Salesforce setup" },
  { id: "fields", label: "Connection fields" },
  { id: "test", label: "Test connection" },
] as const;

export type SetupSectionId = (typeof SETUP_STEPS)[number]["id"];

export type SetupFacts = {
  instanceUrl: string | null;
  username: string | null;
  clientId: string | null;
  hasCertificate: boolean;
  // The customer's ticks, the manual checklist's and the CLI path's.
  ticked: Partial<Record<SetupStepId, boolean>>;
  // A Salesforce bundle carrying the current certificate was downloaded.
  bundleDownloaded: boolean;
  // The latest test connected, with the current certificate.
  connected: boolean;
  // A test connected with an earlier certificate: the current one is not in Salesforce until uploaded or redeployed,
  // whatever was ticked before.
  certificateUnproven?: boolean;
};

/** The Salesforce side is done when a test proved it, every manual step is ticked, or the CLI path's three are. */
export function salesforceSideDone(facts: SetupFacts): boolean {
  if (facts.connected) return true;
  if (facts.certificateUnproven) return false;
  if (CHECKLIST_STEP_IDS.every((id) => facts.ticked[id])) return true;
  return facts.bundleDownloaded && Boolean(facts.ticked["cli-deploy"] && facts.ticked["cli-assign"]);
}

export type SetupStep = { id: SetupSectionId; label: string; number: number; done: boolean };

/** Each step with whether it is done, and the step to do now (the first not done; null once all are). */
export function setupProgress(facts: SetupFacts): { steps: SetupStep[]; current: SetupSectionId | null } {
  const done: Record<SetupSectionId, boolean> = {
    "my-domain": Boolean(facts.instanceUrl),
    certificate: facts.hasCertificate,
    setup: salesforceSideDone(facts),
    fields: Boolean(facts.username && facts.clientId),
    test: facts.connected,
  };
  const steps = SETUP_STEPS.map((s, i) => ({ id: s.id, label: s.label, number: i + 1, done: done[s.id] }));
  return { steps, current: steps.find((s) => !s.done)?.id ?? null };
}
