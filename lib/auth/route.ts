import "server-only";
import { type z } from "zod";
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

// Session route handlers (app/api outside /v1) go through route(): it checks who may call, validates the JSON body
// and the query with zod, and maps every error to JSON { error, message, fieldErrors? } (lib/http.ts, shared with
// apiRoute). The REST API's bearer tokens go through apiRoute() in lib/api/handler.ts instead.

type Access = "public" | "signed-in" | "customer" | Permission;
type UserFor<A extends Access> = A extends "public" ? null : A extends "customer" ? CustomerUser : SessionUser;
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
  return async (request: Request, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const user = (await authenticate(options.access)) as UserFor<A>;
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

function authenticate(access: Access): Promise<SessionUser | null> {
  if (access === "public") return Promise.resolve(null);
  if (access === "signed-in") return requireUser();
  if (access === "customer") return requireCustomer();
  return requirePermission(access);
}

// A bad query parameter is answered with its own message: there is no form to show the field errors beside.
function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (parsed.success) return parsed.data;
  throw new AppError("INVALID_INPUT", parsed.error.issues[0]?.message ?? "Check the query parameters.");
}
