// The classified failure every outbound request ends in; shared by outbound.ts and the proxy tunnel.

export type OutboundErrorKind =
  "blocked_url" | "dns" | "tls" | "timeout" | "reset" | "refused" | "redirect" | "network" | "proxy";

/** A failed request to Salesforce, classified; its message never holds a body, token or assertion. */
export class OutboundError extends Error {
  readonly kind: OutboundErrorKind;
  readonly code?: string;
  constructor(kind: OutboundErrorKind, message: string, code?: string) {
    super(message);
    this.name = "OutboundError";
    this.kind = kind;
    if (code) this.code = code;
  }
}

const DNS_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NODATA",
  "ENODATA",
  "ESERVFAIL",
  "ENONAME",
  "EAI_NONAME",
]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET"]);
const TLS_CODES = new Set([
  "EPROTO",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "HOSTNAME_MISMATCH",
]);

/** Maps a Node network error onto an OutboundError kind with a plain message. */
export function classifyNetworkError(err: unknown, host: string): OutboundError {
  if (err instanceof OutboundError) return err;
  const inner = err instanceof AggregateError && err.errors.length > 0 ? err.errors[0] : err;
  const code = (
    (inner as NodeJS.ErrnoException | undefined)?.code ??
    (err as NodeJS.ErrnoException | undefined)?.code ??
    ""
  ).toString();
  const message = inner instanceof Error ? inner.message : "";
  if (DNS_CODES.has(code)) return new OutboundError("dns", `The name ${host} could not be resolved (DNS).`, code);
  if (code === "ECONNREFUSED") return new OutboundError("refused", `${host} refused the connection.`, code);
  if (RESET_CODES.has(code) || /socket hang up/i.test(message))
    return new OutboundError(
      "reset",
      `The connection to ${host} was reset before the answer was complete.`,
      code || "ECONNRESET",
    );
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT")
    return new OutboundError("timeout", `Connecting to ${host} timed out.`, code);
  if (code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_") || code.startsWith("CERT_") || TLS_CODES.has(code)) {
    return new OutboundError("tls", `The secure (TLS) connection to ${host} failed (${code}).`, code);
  }
  return new OutboundError("network", `The request to ${host} failed${code ? ` (${code})` : ""}.`, code || undefined);
}
