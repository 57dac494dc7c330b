import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getAuthOptions, type SessionToken } from "@/lib/auth/options";
import { customerTenantId, hasPermission, type Permission, type Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export type SessionUser = { id: string; email: string; role: Role; tenantId: string | null; tenantName: string | null };
export type CustomerUser = SessionUser & { tenantId: string };

// The cookie only names the user; the database decides, on every request, whether that user may still act.
// cache(): the layout and the page of one request share a single lookup.
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(getAuthOptions())) as (Partial<SessionToken> & object) | null;
  if (!session?.uid) return null;
  const user = await getDb().user.findUnique({
    where: { id: session.uid },
    select: {
      id: true,
      email: true,
      role: true,
      tenantId: true,
      disabledAt: true,
      sessionVersion: true,
      tenant: { select: { name: true } },
    },
  });
  if (!user || user.disabledAt || user.sessionVersion !== session.sv) return null;
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    tenantId: user.tenantId,
    tenantName: user.tenant?.name ?? null,
  };
});

// Pages: anonymous users go to sign-in; staff go to their console.
export async function requireCustomerPage(): Promise<CustomerUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const tenantId = customerTenantId(user);
  if (!tenantId) redirect("/support");
  return { ...user, tenantId };
}

// Staff pages: customers get a 404, as if the page did not exist.
export async function requirePermissionPage(permission: Permission): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!hasPermission(user.role, permission)) notFound();
  return user;
}

// Route handlers and actions: errors instead of redirects.
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

export async function requirePermission(permission: Permission): Promise<SessionUser> {
  const user = await requireUser();
  if (!hasPermission(user.role, permission)) throw new AppError("FORBIDDEN", "You do not have access to this.");
  return user;
}

export async function requireCustomer(): Promise<CustomerUser> {
  const user = await requireUser();
  const tenantId = customerTenantId(user);
  if (!tenantId) throw new AppError("FORBIDDEN", "Only the customer's own accounts can do this.");
  return { ...user, tenantId };
}
