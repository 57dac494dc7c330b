import "server-only";
import { open, privateKeyAad } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";

/** The stored key cannot be opened with any known master key (it changed, or the row was tampered with). */
export class KeyUnavailableError extends Error {
  override name = "KeyUnavailableError";
}

// The key exists in plaintext only in this process's memory, for the one use that asked for it.
// A null envelope is a retired key destroyed after its 7 days (lib/connections/retired-keys.ts): nothing to open.
export function decryptPrivateKey(envelope: string | null, connectionId: string, certificateId: string): string {
  if (envelope === null) throw new KeyUnavailableError("The private key of this certificate was destroyed.");
  try {
    return open(envelope, privateKeyAad(connectionId, certificateId), getMasterKeys().all).toString("utf8");
  } catch {
    throw new KeyUnavailableError("The stored private key cannot be decrypted with the portal's master keys.");
  }
}
