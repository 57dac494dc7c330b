// What each route owes an outsider. Keyed by the discovered pattern (routes.ts): a route file without an entry
// fails routes.spec.ts, so a new page or API cannot ship without its authorization expectations.
//
// access:
//   public    no session needed (sign-in, invitation links, health, next-auth's own endpoints)
//   signed-in any signed-in user; anonymous → sign-in
//   customer  a tenant's customer; anonymous → sign-in / 401; another tenant's customer → 404 and none of the data
//   staff     support or admin; anonymous → sign-in / 401; a customer → 404 (pages) or 403/404 (API), no data
//   admin     admin only; as staff, plus support → 404

export type Fixtures = {
  tenantId: string;
  connectionId: string;
  certificateId: string;
};

export type Access = "public" | "signed-in" | "customer" | "staff" | "admin";

export type RouteExpectation = {
  access: Access;
  url: (fx: Fixtures) => string;
  // JSON body for non-GET methods; a valid one, so a refusal is about who asks, not what they sent.
  body?: (fx: Fixtures) => unknown;
  // The rightful user gets 200 on GET (proves the ids filled in are real). Off for routes with side effects.
  positive?: boolean;
};

const certificateBody = () => ({
  countryName: "US",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Intruder Inc",
  requestToken: `authz-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
});

export const ROUTE_TABLE: Record<string, RouteExpectation> = {
  "/": { access: "signed-in", url: () => "/" },
  "/sign-in": { access: "public", url: () => "/sign-in" },
  "/invite/[token]": { access: "public", url: () => "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  "/connections": { access: "customer", url: () => "/connections", positive: true },
  "/connections/[id]": { access: "customer", url: (fx) => `/connections/${fx.connectionId}`, positive: true },
  "/support": { access: "staff", url: () => "/support", positive: true },
  "/support/connections/[id]": { access: "staff", url: (fx) => `/support/connections/${fx.connectionId}`, positive: true },
  "/support/tenants": { access: "staff", url: () => "/support/tenants", positive: true },
  "/support/tenants/[id]": { access: "staff", url: (fx) => `/support/tenants/${fx.tenantId}`, positive: true },
  "/support/audit": { access: "staff", url: (fx) => `/support/audit?tenant=${fx.tenantId}`, positive: true },
  "/support/staff": { access: "admin", url: () => "/support/staff", positive: true },
  "/api/health": { access: "public", url: () => "/api/health" },
  "/api/auth/[...nextauth]": { access: "public", url: () => "/api/auth/session" },
  "/api/certificates/[id]/download": { access: "customer", url: (fx) => `/api/certificates/${fx.certificateId}/download`, positive: true },
  "/api/connections/[id]/certificates": { access: "customer", url: (fx) => `/api/connections/${fx.connectionId}/certificates`, body: certificateBody },
  "/api/connections/[id]/tests": { access: "customer", url: (fx) => `/api/connections/${fx.connectionId}/tests`, body: () => ({}) },
};
