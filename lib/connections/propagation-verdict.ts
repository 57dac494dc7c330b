import "server-only";
import { isPortalConsumerKey, latestBundleDownload } from "@/lib/connections/salesforce-bundle";
import { propagationWaitMinutes, withPropagationVerdict } from "@/lib/salesforce/app-propagation";
import type { TestResult } from "@/lib/salesforce/test-connection";

/**
 * A run refused with `invalid_client_id` soon after the Salesforce bundle was downloaded, with the bundle's key: the
 * app has likely not been applied yet, so the verdict says to wait (lib/salesforce/app-propagation.ts).
 */
export async function withBundleWait(
  result: TestResult,
  run: { connectionId: string; tenantId: string; clientId: string; startedAt: Date },
): Promise<TestResult> {
  const portalKey = isPortalConsumerKey(run.clientId);
  // Only a failed run with the bundle's key reads the audit log: a passing run costs no query.
  if (result.errorCode !== "invalid_client_id" || !portalKey) return result;
  const download = await latestBundleDownload(run.tenantId, run.connectionId);
  const minutes = propagationWaitMinutes({
    errorCode: result.errorCode,
    portalKey,
    downloadedAt: download?.at ?? null,
    startedAt: run.startedAt,
  });
  return minutes === null ? result : withPropagationVerdict(result, minutes);
}
