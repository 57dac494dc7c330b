// Whether an error means "the database cannot be reached right now" (down, restarting, connection cut), as opposed
// to a bug or a bad query: callers answer 503 with Retry-After instead of 500. No import of the client, so that
// route wrappers and unit tests can use it freely.

// Prisma's own codes: server unreachable, connect timeout, operation timeout, server closed the connection.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
// The driver adapter's kinds for the same situations (@prisma/driver-adapter-utils MappedError).
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down); class 08 = connection.
const SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
// What node-postgres itself throws on a client whose socket died, and the socket errors underneath.
const DRIVER_MESSAGES = ["Connection terminated", "Client has encountered a connection error", "timeout exceeded when"];
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]);

type Loose = {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: unknown } };
};

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const e = error as Loose;
  const code = typeof e.code === "string" ? e.code : "";
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08") || SOCKET_CODES.has(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && DRIVER_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  return (
    isDatabaseUnavailable(e.meta?.driverAdapterError?.cause, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)
  );
}
