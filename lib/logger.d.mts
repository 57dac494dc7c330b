import type { Logger, LoggerOptions } from "pino";

export declare function portalLogger(): Logger;
export declare function loggerOptions(): LoggerOptions;
export declare function currentRequestId(): string | undefined;
export declare function requestContext(): import("node:async_hooks").AsyncLocalStorage<{ requestId: string }>;
