import { portalLogger } from "./logger.mjs";

export { currentRequestId } from "./logger.mjs";

// `log.info({ ...fields }, "message")`: one JSON line each (lib/logger.mjs). Fields are identifiers and outcomes,
// never a secret; the redaction list is the second line of defence, not the first.
export const log = portalLogger();

/** The message of an unknown error, for a log line: name and first line only, never a stack or a cause. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unknown error";
}
