import "server-only";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { type z } from "zod";
import { getCurrentUser, type SessionUser } from "@/lib/auth/session";
import { customerTenantId, hasPermission, type Permission } from "@/lib/auth/permissions";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { isAppError, reportUnexpected } from "@/lib/errors";
import { clientIp } from "@/lib/request";
import { fieldErrors } from "@/lib/validation/field-errors";

// Server actions: one wrapper per trust level (publicAction, customerAction, staffAction). Each checks the session,
// parses the form with the action's zod schema and turns errors into an ActionState for useActionState.

export type ActionState<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }
  | null;

type PublicContext<S extends z.ZodType> = { data: z.output<S>; ip: string | null };
type Context<S extends z.ZodType> = PublicContext<S> & { user: SessionUser };
type Handler<C, T> = (ctx: C) => Promise<ActionState<T>>;

// Fields whose values are never echoed back to the form.
const SECRET_FIELDS = new Set(["password", "confirmPassword", "token"]);

// A server action anyone may call (sign-up by invitation): the handler's input is the credential.
export function publicAction<S extends z.ZodType, T = undefined>(schema: S, handler: Handler<PublicContext<S>, T>) {
  return guarded(schema, async () => null, handler);
}

// A server action for a customer of a tenant: session checked here, input parsed with the action's schema.
export function customerAction<S extends z.ZodType, T = undefined>(
  schema: S,
  handler: Handler<Context<S> & { tenantId: string }, T>,
) {
  return guarded(schema, signedIn, async (ctx) => {
    const tenantId = customerTenantId(ctx.user);
    if (!tenantId) return { ok: false, error: "This page is for customer accounts." };
    return handler({ ...ctx, tenantId });
  });
}

// A server action for staff holding `permission`.
export function staffAction<S extends z.ZodType, T = undefined>(
  permission: Permission,
  schema: S,
  handler: Handler<Context<S>, T>,
) {
  return guarded(schema, signedIn, async (ctx) => {
    if (!hasPermission(ctx.user.role, permission))
      return { ok: false, error: "You do not have permission to do this." };
    return handler(ctx);
  });
}

// Anonymous callers go to sign-in; the database decides whether the session still counts (getCurrentUser).
async function signedIn(): Promise<{ user: SessionUser }> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return { user };
}

function guarded<S extends z.ZodType, A extends object | null, T>(
  schema: S,
  authenticate: () => Promise<A>,
  handler: Handler<PublicContext<S> & NonNullable<A>, T>,
) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const who = await authenticate();
    // An action is reachable by anyone who knows its id, with any arguments the action protocol can carry: a caller
    // that sends something other than a form gets an answer, not a 500.
    if (!(formData instanceof FormData)) return { ok: false, error: "Send the form's fields as form data." };
    const raw = Object.fromEntries(
      [...formData.entries()].filter(([k, v]) => typeof v === "string" && !k.startsWith("$ACTION")),
    );
    const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS.has(k))) as Record<
      string,
      string
    >;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values };
    }
    try {
      const result = await handler({
        ...(who ?? {}),
        data: parsed.data,
        ip: clientIp(await headers()),
      } as PublicContext<S> & NonNullable<A>);
      return result && !result.ok ? { ...result, values: result.values ?? values } : result;
    } catch (error) {
      // redirect(), notFound() and Next's other control-flow errors must reach Next untouched.
      unstable_rethrow(error);
      if (isAppError(error))
        return {
          ok: false,
          error: error.message,
          ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
          values,
        };
      const requestId = reportUnexpected(error, "action");
      return {
        ok: false,
        error: isDatabaseUnavailable(error)
          ? `The portal cannot reach its database right now (reference ${requestId}). Try again in a few seconds.`
          : `Something went wrong on our side (reference ${requestId}). Try again; if it persists, contact support with the reference.`,
        values,
      };
    }
  };
}
