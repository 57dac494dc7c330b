import "server-only";
import { type z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError, isAppError, reportUnexpected } from "@/lib/errors";
import { fieldErrors } from "@/lib/validation/field-errors";

/** An error with its own HTTP status and code, for what AppError does not name (415, 413, …). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type Problem = {
  status: number;
  code: string;
  message: string;
  fieldErrors?: Record<string, string>;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
};

// The one error mapping of every route handler, route() and apiRoute() alike: AppError → its status and message;
// the database unreachable → 503; anything else → 500 with a reference, details only in the log. Each wrapper only
// chooses the JSON shape.
export function toProblem(error: unknown, what: string): Problem {
  if (error instanceof ApiProblem)
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      extra: error.extra,
      headers: error.headers,
    };
  if (isAppError(error))
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      extra: {},
      headers: {},
    };
  const requestId = reportUnexpected(error, what);
  // The database down or restarting is not a bug: 503 and Retry-After, so clients and load balancers wait and retry.
  if (isDatabaseUnavailable(error))
    return {
      status: 503,
      code: "UNAVAILABLE",
      message: `The portal cannot reach its database right now. Try again in a few seconds (reference ${requestId}).`,
      extra: {},
      headers: { "Retry-After": "5" },
    };
  return {
    status: 500,
    code: "INTERNAL",
    message: `Something went wrong on our side (reference ${requestId}).`,
    extra: {},
    headers: {},
  };
}

// Session routes (route()): JSON { error, message, fieldErrors? }.
export function errorResponse(error: unknown): Response {
  const p = toProblem(error, "request");
  const body = { error: p.code, message: p.message, ...(p.fieldErrors ? { fieldErrors: p.fieldErrors } : {}) };
  return Response.json(body, { status: p.status, headers: { "Cache-Control": "no-store", ...p.headers } });
}

// Input that fails its schema: 400 with every field's first message.
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", message, fieldErrors(parsed.error));
  return parsed.data;
}

// A form post (urlencoded or multipart); only its text fields count.
export async function readForm<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new AppError(
      "INVALID_INPUT",
      "Send the request as a form (application/x-www-form-urlencoded or multipart/form-data).",
    );
  }
  const form = await request.formData().catch(() => {
    throw new AppError("INVALID_INPUT", "The form could not be read; reload the page and try again.");
  });
  const fields = Object.fromEntries(
    [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  return parseInput(schema, fields, "Check the highlighted fields.");
}

// Browsers send Origin on POST: a form on another site must not act with this user's cookie.
export function assertSameOrigin(request: Request, refusal: string): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new AppError("FORBIDDEN", refusal);
}

// Downloads: never cached, never sniffed.
export function fileResponse(
  body: BodyInit,
  file: { contentType: string; filename: string },
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}
