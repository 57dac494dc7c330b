// The portal's one logger (README "Logs"): pino, JSON lines on stdout by default, pretty only in development
// (NODE_ENV=development or PORTAL_LOG_FORMAT=pretty). Plain JavaScript so that scripts/server.mjs (run by node
// itself) and the TypeScript code (lib/log.ts) share one instance, kept on globalThis.
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";
import pretty from "pino-pretty";

// Never logged even if a caller passes them: credentials, cookies, keys and tokens, at any depth pino supports.
const REDACT_PATHS = [
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "privateKey",
  "privateKeyPem",
  "assertion",
  "accessToken",
  "access_token",
  "refresh_token",
  "masterKey",
  "headers.authorization",
  "headers.cookie",
  "headers['set-cookie']",
  "*.authorization",
  "*.cookie",
  "*.password",
  "*.token",
  "*.secret",
  "*.privateKey",
  "*.privateKeyPem",
  "*.assertion",
  "*.accessToken",
  "*.access_token",
  "*.refresh_token",
  "*.masterKey",
  "*.headers.authorization",
  "*.headers.cookie",
];

/** The request being answered (scripts/server.mjs): its id goes on every line logged while it runs. */
export function requestContext() {
  globalThis.portalRequestContext ??= new AsyncLocalStorage();
  return globalThis.portalRequestContext;
}

/** The id of the request being answered, or undefined outside a request (jobs, start-up). */
export function currentRequestId() {
  return requestContext().getStore()?.requestId;
}

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** pino's options: level (PORTAL_LOG_LEVEL, default info), ISO time, redaction, the request id of each line. */
export function loggerOptions() {
  return {
    level: LEVELS.has(process.env.PORTAL_LOG_LEVEL ?? "") ? process.env.PORTAL_LOG_LEVEL : "info",
    base: { service: "sf-jwt-portal", pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
}

/** The process's logger; the first caller creates it. */
export function portalLogger() {
  if (globalThis.portalLogger) return globalThis.portalLogger;
  const options = loggerOptions();
  const prettyOutput =
    process.env.PORTAL_LOG_FORMAT === "pretty" ||
    (process.env.PORTAL_LOG_FORMAT !== "json" && process.env.NODE_ENV === "development");
  globalThis.portalLogger = prettyOutput
    ? pino(options, pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), ignore: "pid,hostname,service" }))
    : pino(options);
  return globalThis.portalLogger;
}
