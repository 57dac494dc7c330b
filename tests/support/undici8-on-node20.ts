import workerThreads from "node:worker_threads";
import zlib from "node:zlib";

/**
 * jsforce 3.10 fetches through undici 8, which needs Node 22: loading it on Node 20 throws. These three stand-ins let a
 * test load it on the portal's Node 20. Import this module before jsforce (with a dynamic import), and only in tests.
 */
const zlibAny = zlib as unknown as Record<string, unknown>;
const workerAny = workerThreads as unknown as Record<string, unknown>;
const promiseAny = Promise as unknown as Record<string, unknown>;

// undici binds a zstd decoder at load time; the fake never answers zstd, so it is never called.
zlibAny.createZstdDecompress ??= () => {
  throw new Error("zstd content-encoding is not supported on this Node version");
};
// Only marks web objects as not structured-cloneable; a no-op changes nothing for HTTP.
workerAny.markAsUncloneable ??= () => {};
// The standard ES2024 method, written out.
promiseAny.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
