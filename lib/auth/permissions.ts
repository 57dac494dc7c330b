// Permissions are data: each staff role maps to what it may do. Customers hold none of these.
export const PERMISSIONS = [
  "connections:read-all",
  "tests:run-any",
  "certificates:download-any",
  "tenants:manage",
  "invitations:create",
  "audit:read",
  "staff:manage",
  // The private key leaves the portal (server.pem, keystores, collector bundle); admins by default.
  "keys:export",
  // API tokens for any tenant, or global; and each tenant's "customers may export the key" setting.
  "api-tokens:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
export type Role = "customer" | "support" | "admin";

const SUPPORT: Permission[] = [
  "connections:read-all",
  "tests:run-any",
  "certificates:download-any",
  "tenants:manage",
  "invitations:create",
  "audit:read",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  customer: [],
  support: SUPPORT,
  admin: [...SUPPORT, "staff:manage", "keys:export", "api-tokens:manage"],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isStaff(role: Role): boolean {
  return role !== "customer";
}
