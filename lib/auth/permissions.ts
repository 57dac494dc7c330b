import type { Role } from "@/lib/db/generated/enums";

// Permissions are data: each staff role maps to what it may do. Customers hold none of these.
export type Permission =
  | "connections:read-all"
  | "tests:run-any"
  | "certificates:download-any"
  // A pending certificate beside the active one (renewal): nothing stops working and no key leaves the portal.
  | "certificates:renew-any"
  | "tenants:manage"
  | "invitations:create"
  | "audit:read"
  | "staff:manage"
  // The private key leaves the portal (server.pem, keystores, collector bundle); admins by default.
  | "keys:export"
  // API tokens for any tenant, or global; and each tenant's "customers may export the key" setting.
  | "api-tokens:manage"
  // A tenant's scheduled re-test interval (support sets a single connection's with tests:run-any).
  | "schedule:manage"
  // Webhook endpoints' delivery logs, and redelivering one (support and admins).
  | "webhooks:read"
  // Webhook endpoints themselves: create, edit, rotate the secret, delete, send a test event (admins).
  | "webhooks:manage";

export type { Role };

const SUPPORT: Permission[] = [
  "connections:read-all",
  "tests:run-any",
  "certificates:download-any",
  "certificates:renew-any",
  "tenants:manage",
  "invitations:create",
  "audit:read",
  "webhooks:read",
];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer: [],
  support: SUPPORT,
  admin: [...SUPPORT, "staff:manage", "keys:export", "api-tokens:manage", "schedule:manage", "webhooks:manage"],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isStaff(role: Role): boolean {
  return role !== "customer";
}

type Member = { role: Role; tenantId: string | null };

// The one "is this a customer of a tenant?" rule: the customer's tenant id, or null for staff and orphaned accounts.
export function customerTenantId(user: Member): string | null {
  return !isStaff(user.role) && user.tenantId ? user.tenantId : null;
}

/**
 * Whose data `user` reaches under `permission`: every tenant ({ tenantId: null }) for staff holding it, the own
 * tenant for a customer, and nothing (null: answer 404) for anyone else.
 */
export function tenantScope(user: Member, permission: Permission): { tenantId: string | null } | null {
  if (hasPermission(user.role, permission)) return { tenantId: null };
  const tenantId = customerTenantId(user);
  return tenantId ? { tenantId } : null;
}
