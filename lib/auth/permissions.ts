// Permissions are data: each staff role maps to what it may do. Customers hold none of these.
export const PERMISSIONS = [
  "connections:read-all",
  "tests:run-any",
  "certificates:download-any",
  "tenants:manage",
  "invitations:create",
  "audit:read",
  "staff:manage",
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
  admin: [...SUPPORT, "staff:manage"],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isStaff(role: Role): boolean {
  return role !== "customer";
}
