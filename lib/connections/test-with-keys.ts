import "server-only";
import { RUN_TIMEOUT_MS, type TestResult } from "@/lib/salesforce/test-connection";
import { decryptPrivateKey, KeyUnavailableError } from "@/lib/connections/private-key";

export type TestKey = { id: string; status: "active" | "pending" | "retired"; encryptedPrivateKey: string | null };
// `triedAll`: false when the time limit left no room for the next key.
export type KeyOutcome = { result: TestResult; accepted: TestKey | null; triedPending: boolean; triedAll: boolean };
// Runs the whole test with one key, within `totalTimeoutMs`.
type RunWithKey = (privateKeyPem: string, totalTimeoutMs: number) => Promise<TestResult>;

// Below this, a second key could not get through even one token request: keep the first key's answer.
const MIN_SECOND_TRY_MS = 2_000;

/** Pending first (it is the one the customer is moving to), then the active one. */
export function keysToTry(certificates: TestKey[]): TestKey[] {
  return [...certificates.filter((c) => c.status === "pending"), ...certificates.filter((c) => c.status === "active")];
}

/**
 * Runs the test with each key in turn until Salesforce issues a token (it "accepted" the key), all within one run's
 * time limit, so a run with two keys still ends within RUN_TIMEOUT_MS. A key that cannot be decrypted is skipped
 * while another remains. The result is the accepted key's run, or the last one tried, with the token attempts of
 * every key and a summary that says which certificate Salesforce accepted.
 */
export async function testWithKeys(
  connection: { id: string },
  keys: TestKey[],
  runWithKey: RunWithKey,
): Promise<KeyOutcome> {
  const started = Date.now();
  const attempts: TestResult["attempts"] = [];
  let last: { result: TestResult; key: TestKey } | null = null;
  let keyError: unknown = null;
  let triedAll = true;
  for (const [index, key] of keys.entries()) {
    const left = RUN_TIMEOUT_MS - (Date.now() - started);
    if (index > 0 && left < MIN_SECOND_TRY_MS) {
      triedAll = false;
      break;
    }
    let pem: string;
    try {
      pem = decryptPrivateKey(key.encryptedPrivateKey, connection.id, key.id);
    } catch (error) {
      if (!(error instanceof KeyUnavailableError)) throw error;
      keyError = error;
      continue;
    }
    const result = await runWithKey(pem, left);
    attempts.push(...result.attempts);
    last = { result, key };
    if (result.pair) break;
  }
  if (!last) throw keyError ?? new KeyUnavailableError("The connection has no key to test with.");
  const triedPending = keys[0]?.status === "pending";
  const accepted = last.result.pair ? last.key : null;
  const result = { ...last.result, attempts, durationMs: Date.now() - started };
  return { result, accepted, triedPending, triedAll };
}

/** While a renewal is pending, the summary says which certificate Salesforce accepted (and whether it took over). */
export function withRenewalNote(outcome: KeyOutcome, promoted: boolean): TestResult {
  const { result, accepted, triedPending, triedAll } = outcome;
  if (!triedPending) return result;
  return { ...result, summary: `${result.summary} ${renewalNote(accepted, promoted, triedAll)}` };
}

function renewalNote(accepted: TestKey | null, promoted: boolean, triedAll: boolean): string {
  if (accepted?.status === "pending")
    return promoted
      ? "Salesforce accepted the new certificate: it is now in use, and the collector hand-off serves its key."
      : "Salesforce accepted the new certificate, but a newer renewal replaced it meanwhile: upload the newest server.crt, then test again.";
  if (accepted?.status === "active")
    return "Salesforce accepted the current certificate, not the new one: upload the new server.crt to your External Client App, replacing the old one, then test again.";
  if (!triedAll)
    return "Salesforce did not accept the new certificate, and the time limit left no room to try the current one: test again.";
  return "Salesforce accepted neither the new certificate nor the current one.";
}
