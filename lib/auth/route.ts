import "server-only";
import { type z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import type { ApiPrincipal } from "@/lib/api/authenticate-token";
import type { ApiScope } from "@/lib/api/tokens";
import type { Permission } from "@/lib/auth/permissions";
import {
  requireCustomer,
  requirePermission,
  requireUser,
  type CustomerUser,
  type SessionUser,
} from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse, parseInput } from "@/lib/http";
import { clientIp } from "@/lib/request";

// Every route handler goes through route(): it checks who may call, validates the JSON body and the query with zod,
// and maps every error to JSON (lib/http.ts). Session access ("public", "signed-in", "customer", a permission)
// answers { error, message, fieldErrors? }. "api-token:<scope>" is the REST API's: a bearer token with that scope,
// its rate limit and body cap, and the API's { error: { code, message } } shape (lib/api/handler.ts). A session
// cookie is never an API credential, and a token never a session.

type ApiAccess = `api-token:${ApiScope}`;
type Access = "public" | "signed-in" | "customer" | Permission | ApiAccess;
type UserFor<A extends Access> = A extends "public"
  ? null
  : A extends ApiAccess
    ? ApiPrincipal
    : A extends "customer"
      ? CustomerUser
      : SessionUser;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

type Options<A extends Access, B, Q> = {
  access: A;
  /** The JSON body's schema (Content-Type: application/json required). */
  body?: B;
  /** Require Content-Type: application/json without reading a body: a cross-site form cannot send it without a CORS preflight. */
  json?: boolean;
  query?: Q;
};

export type RouteContext<A extends Access, B, Q> = {
  request: Request;
  params: Record<string, string>;
  user: UserFor<A>;
  body: Parsed<B>;
  query: Parsed<Q>;
  ip: string | null;
};

export function route<
  A extends Access,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(options: Options<A, B, Q>, handler: (ctx: RouteContext<A, B, Q>) => Promise<Response> | Response) {
  if (isApiAccess(options.access)) {
    const scope = options.access.slice("api-token:".length) as ApiScope;
    return apiRoute({ scope, body: options.body }, ({ principal, request, params, body, ip }) =>
      Promise.resolve(
        handler({
          request,
          params,
          user: principal as UserFor<A>,
          body: body as Parsed<B>,
          // The API names every bad parameter (error.fields), as it does for a body.
          query: (options.query
            ? parseInput(options.query, queryObject(request), "Check the query parameters.")
            : undefined) as Parsed<Q>,
          ip,
        }),
      ),
    );
  }
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const user = (await authenticate(options.access as Exclude<Access, ApiAccess>)) as UserFor<A>;
      if (
        (options.body || options.json) &&
        !request.headers.get("content-type")?.toLowerCase().startsWith("application/json")
      ) {
        throw new AppError("INVALID_INPUT", "Send the request as JSON with Content-Type: application/json.");
      }
      const body = options.body
        ? parseInput(options.body, await request.json().catch(() => null), "Check the fields.")
        : undefined;
      const query = options.query ? parseQuery(options.query, request) : undefined;
      const params = await context.params;
      return await handler({
        request,
        params,
        user,
        body: body as Parsed<B>,
        query: query as Parsed<Q>,
        ip: clientIp(request.headers),
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function isApiAccess(access: Access): access is ApiAccess {
  return access.startsWith("api-token:");
}

function authenticate(access: Exclude<Access, ApiAccess>): Promise<SessionUser | null> {
  if (access === "public") return Promise.resolve(null);
  if (access === "signed-in") return requireUser();
  if (access === "customer") return requireCustomer();
  return requirePermission(access);
}

// A bad query parameter is answered with its own message: there is no form to show the field errors beside.
function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  const parsed = schema.safeParse(queryObject(request));
  if (parsed.success) return parsed.data;
  throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Check the query parameters.");
}

function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
