import "server-only";
import { type z } from "zod";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { ApiProblem, parseInput, toProblem } from "@/lib/http";
import { clientIp } from "@/lib/request";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { authenticateApiToken, type ApiPrincipal } from "./authenticate-token";
import type { ApiScope } from "./schemas";

// REST API v1: every route goes through apiRoute(). It authenticates the bearer token, checks the scope, applies
// the token's rate limit (in PostgreSQL), parses the JSON body with the route's zod schema, and turns every error
// into JSON { error: { code, message } }. A session cookie is never an API credential.

export const REQUESTS_PER_MINUTE = 600;
export const MAX_BODY_BYTES = 16 * 1024;

export type ApiContext<B> = {
  principal: ApiPrincipal;
  request: Request;
  params: Record<string, string>;
  body: B;
  ip: string | null;
};
type RouteContext = { params: Promise<Record<string, string>> };

type Options<S extends z.ZodType | undefined> = { scope: ApiScope; body?: S };

function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message, ...extra } },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

export function apiJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return Response.json(data, { status: init.status ?? 200, headers: { "Cache-Control": "no-store", ...init.headers } });
}

async function readJson(request: Request): Promise<unknown> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new ApiProblem(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES)
    throw new ApiProblem(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ApiProblem(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiProblem(400, "malformed_json", "The body is not valid JSON.");
  }
}

// The shared mapping (lib/http.ts) in the API's shape: lower-case codes, and a Bearer challenge on 401.
function toResponse(error: unknown): Response {
  const p = toProblem(error, "API request");
  const extra = p.fieldErrors ? { fields: p.fieldErrors, ...p.extra } : p.extra;
  const challenge: Record<string, string> =
    isAppError(error) && p.status === 401 ? { "WWW-Authenticate": 'Bearer realm="portal-api"' } : {};
  return apiError(p.status, p.code.toLowerCase(), p.message, extra, { ...challenge, ...p.headers });
}

export function apiRoute<S extends z.ZodType | undefined = undefined>(
  options: Options<S>,
  handler: (ctx: ApiContext<S extends z.ZodType ? z.output<S> : undefined>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      const db = getDb();
      const ip = clientIp(request.headers);
      const principal = await authenticateApiToken(db, request.headers.get("authorization"), ip);
      if (!principal.scopes.includes(options.scope)) {
        throw new ApiProblem(
          403,
          "insufficient_scope",
          `This token lacks the ${options.scope} scope. Create a token that has it.`,
        );
      }
      const rate = await consumeRateLimit(db, `api:${principal.tokenId}`, REQUESTS_PER_MINUTE, 60);
      if (!rate.ok)
        throw new ApiProblem(
          429,
          "rate_limited",
          `More than ${REQUESTS_PER_MINUTE} requests a minute for this token: retry after ${rate.retryAfterSeconds} s.`,
          {},
          { "Retry-After": String(rate.retryAfterSeconds) },
        );
      let body: unknown = undefined;
      if (options.body) {
        body = parseInput(options.body, await readJson(request), "Check the fields.");
      }
      const params = await context.params;
      return await handler({ principal, request, params, body: body as never, ip });
    } catch (error) {
      return toResponse(error);
    }
  };
}
