import type { Advice } from "./errors";
import type { TestResult } from "./test-connection";
import { TEST_STEP_LABELS } from "./test-steps";

// Right after the customer deploys the bundle, Salesforce does not know the new consumer key for 2 to 10 minutes:
// the same `invalid_client_id` a wrong key gets. Within that window, and only for the key the bundle set, the verdict
// is "wait", not "copy the Client ID again" (there is nothing to copy: the portal chose the key).

const PROPAGATION_WINDOW_MS = 10 * 60_000;

const WAIT_FIX =
  "Wait a few minutes and run Test connection again. If it still fails 10 minutes after the deploy, check that `sf project deploy start` reported success and that you deployed to this org (the My Domain in step 1).";

/** The catalogue entry (titles and docs); a run's own copy says how long ago the bundle was downloaded. */
export const APP_NOT_PROPAGATED: Advice = {
  code: "app_not_propagated",
  fixableBy: "customer",
  title: "Salesforce has not applied the new app yet",
  cause:
    "You downloaded the Salesforce bundle a few minutes ago; Salesforce takes 2 to 10 minutes to apply a new or changed External Client App.",
  fix: WAIT_FIX,
  stopEarly: false,
  finalOnMyDomain: true,
  tryNextPair: true,
};

export type PropagationFacts = {
  /** The run's verdict code (the first failed step's). */
  errorCode: string | undefined;
  /** The run signed in with a consumer key the portal chose (the bundle's), not one typed in by hand. */
  portalKey: boolean;
  /** The connection's latest bundle download, if any. */
  downloadedAt: Date | null;
  startedAt: Date;
};

/** Whole minutes since the download when the wait verdict applies; null when the plain verdict stands. */
export function propagationWaitMinutes(facts: PropagationFacts): number | null {
  if (facts.errorCode !== "invalid_client_id" || !facts.portalKey || !facts.downloadedAt) return null;
  // A download during the run (another tab) counts as just now.
  const elapsed = Math.max(0, facts.startedAt.getTime() - facts.downloadedAt.getTime());
  if (elapsed >= PROPAGATION_WINDOW_MS) return null;
  return Math.floor(elapsed / 60_000);
}

function ago(minutes: number): string {
  if (minutes < 1) return "less than a minute ago";
  return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
}

export function appNotPropagated(minutes: number): Advice {
  return {
    ...APP_NOT_PROPAGATED,
    cause: `You downloaded the Salesforce bundle ${ago(minutes)}; Salesforce takes 2 to 10 minutes to apply a new or changed External Client App.`,
  };
}

type Step = TestResult["steps"][number];

/**
 * A step refused with `invalid_client_id`, with the wait verdict instead (Salesforce's own words are kept); any other
 * step as it is. Also for the steps streamed while the test runs, so the page never shows "wrong key" first.
 */
export function stepWithPropagationVerdict(step: Step, minutes: number): Step {
  if (step.diagnosis?.code !== "invalid_client_id") return step;
  const advice = appNotPropagated(minutes);
  const { salesforceError, salesforceDescription } = step.diagnosis;
  return {
    ...step,
    message: `${advice.title}. ${advice.fix}`,
    diagnosis: {
      ...advice,
      ...(salesforceError ? { salesforceError } : {}),
      ...(salesforceDescription ? { salesforceDescription } : {}),
    },
  };
}

/** The run with its `invalid_client_id` verdict replaced by the wait verdict (Salesforce's own words are kept). */
export function withPropagationVerdict(result: TestResult, minutes: number): TestResult {
  const failed = result.steps.find((step) => step.name === result.failedStep);
  if (!failed || !result.failedStep || failed.diagnosis?.code !== "invalid_client_id") return result;
  const replaced = stepWithPropagationVerdict(failed, minutes);
  return {
    ...result,
    steps: result.steps.map((step) => (step === failed ? replaced : step)),
    errorCode: APP_NOT_PROPAGATED.code,
    diagnosis: replaced.diagnosis,
    summary: `${TEST_STEP_LABELS[result.failedStep].progress} failed: ${replaced.message}`,
  };
}
