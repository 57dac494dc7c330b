import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getCurrentUser, type SessionUser } from "@/lib/auth/session";
import { hasPermission, isStaff, type Permission } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/request";
import { fieldErrors } from "@/lib/validation/field-errors";

export type ActionState<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }
  | null;

type Context<S extends z.ZodType> = { data: z.output<S>; user: SessionUser; ip: string | null };
type Handler<S extends z.ZodType, T> = (ctx: Context<S>) => Promise<ActionState<T>>;

// Fields whose values are never echoed back to the form.
const SECRET_FIELDS = new Set(["password", "confirmPassword", "token"]);

// A server action for a customer of a tenant: session checked here, input parsed with the action's schema.
export function customerAction<S extends z.ZodType, T = undefined>(schema: S, handler: (ctx: Context<S> & { tenantId: string }) => Promise<ActionState<T>>) {
  return guarded(schema, async (ctx) => {
    if (isStaff(ctx.user.role) || !ctx.user.tenantId) return { ok: false, error: "This page is for customer accounts." };
    return handler({ ...ctx, tenantId: ctx.user.tenantId });
  });
}

// A server action for staff holding `permission`.
export function staffAction<S extends z.ZodType, T = undefined>(permission: Permission, schema: S, handler: Handler<S, T>) {
  return guarded(schema, async (ctx) => {
    if (!hasPermission(ctx.user.role, permission)) return { ok: false, error: "You do not have permission to do this." };
    return handler(ctx);
  });
}

function guarded<S extends z.ZodType, T>(schema: S, handler: Handler<S, T>) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    const user = await getCurrentUser();
    if (!user) redirect("/sign-in");
    const raw = Object.fromEntries([...formData.entries()].filter(([k, v]) => typeof v === "string" && !k.startsWith("$ACTION")));
    const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS.has(k))) as Record<string, string>;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error), values };
    }
    try {
      const result = await handler({ data: parsed.data, user, ip: clientIp(await headers()) });
      return result && !result.ok ? { ...result, values: result.values ?? values } : result;
    } catch (error) {
      // redirect(), notFound() and Next's other control-flow errors must reach Next untouched.
      unstable_rethrow(error);
      if (isAppError(error)) return { ok: false, error: error.message, values };
      const requestId = randomUUID();
      console.error(`[portal] action failed (request ${requestId}):`, error instanceof Error ? error.name + ": " + error.message : "unknown error");
      return { ok: false, error: `Something went wrong on our side (reference ${requestId}). Try again; if it persists, contact support with the reference.`, values };
    }
  };
}
