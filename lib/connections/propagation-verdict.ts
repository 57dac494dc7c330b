import "server-only";
import { isPortalConsumerKey, latestBundleDownload } from "@/lib/connections/salesforce-bundle";
import { propagationWaitMinutes, withPropagationVerdict } from "@/lib/salesforce/app-propagation";
import type { TestResult } from "@/lib/salesforce/test-connection";

type RunFacts = { connectionId: string; tenantId: string; clientId: string; startedAt: Date };

/**
 * Whole minutes since the connection's latest Salesforce bundle download when an `invalid_client_id` for this run's
 * key would mean "Salesforce has not applied the app yet" (lib/salesforce/app-propagation.ts); null when it would mean
 * a wrong key. Only a key the portal chose reads the audit log.
 */
export async function bundleWaitMinutes(run: RunFacts): Promise<number | null> {
  if (!isPortalConsumerKey(run.clientId)) return null;
  const download = await latestBundleDownload(run.tenantId, run.connectionId);
  return propagationWaitMinutes({
    errorCode: "invalid_client_id",
    portalKey: true,
    downloadedAt: download?.at ?? null,
    startedAt: run.startedAt,
  });
}

/** A run refused with `invalid_client_id` soon after the bundle's download, with the bundle's key: "wait". */
export async function withBundleWait(result: TestResult, run: RunFacts): Promise<TestResult> {
  // Only a failed run with that code reads the audit log here (a streamed run with the portal's key has read it
  // once already, before it started: run-connection-test.ts).
  if (result.errorCode !== "invalid_client_id") return result;
  const minutes = await bundleWaitMinutes(run);
  return minutes === null ? result : withPropagationVerdict(result, minutes);
}
