import { randomUUID } from "node:crypto";
import { currentRequestId, errorText, log } from "@/lib/log";

// One error type for what the portal expects to go wrong; anything else is a bug and gets a generic message.
export type AppErrorCode =
  "NOT_FOUND" | "FORBIDDEN" | "UNAUTHENTICATED" | "INVALID_INPUT" | "CONFLICT" | "RATE_LIMITED" | "UPSTREAM";

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
};

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    // Per-field messages, shown beside the form's inputs.
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// An unexpected error: logged with a reference (name and message only, never a stack or input), which the user is
// shown. The reference is the request's id (X-Request-Id, on every log line of the request) when there is one.
export function reportUnexpected(error: unknown, what: string): string {
  const reference = currentRequestId() ?? randomUUID();
  log.error({ reference, what, err: errorText(error) }, `${what} failed`);
  return reference;
}
