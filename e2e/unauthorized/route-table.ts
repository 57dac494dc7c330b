// What each route owes an outsider. Keyed by the discovered pattern (routes.ts): a route file without an entry
// fails routes.spec.ts, so a new page or API cannot ship without its authorization expectations.
//
// access:
//   public    no session needed (sign-in, invitation and password reset links, health, next-auth's own endpoints)
//   signed-in any signed-in user; anonymous → sign-in
//   customer  a tenant's customer; anonymous → sign-in / 401; another tenant's customer → 404 and none of the data
//   staff     support or admin; anonymous → sign-in / 401; a customer → 404 (pages) or 403/404 (API), no data
//   admin     admin only; as staff, plus support → 404
//   api-token the REST API: a bearer API token only. A session cookie is no credential: anonymous, customers, support
//             and admin (cookies, no bearer) all get 401 with JSON { error: { code, message } } and none of the data

export type Fixtures = {
  tenantId: string;
  connectionId: string;
  certificateId: string;
  webhookId: string;
};

type Access = "public" | "signed-in" | "customer" | "staff" | "admin" | "api-token";

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

const keystoreBody = () => ({ format: "pkcs12", password: "changeit", alias: "jwt_key" });

// A form post in a real browser; JSON here, since the refusal comes before the body is read.
const exportBody = () => ({ kind: "pem", accountPassword: "not-the-password", reason: "route table check" });

export const ROUTE_TABLE: Record<string, RouteExpectation> = {
  "/": { access: "signed-in", url: () => "/" },
  "/sign-in": { access: "public", url: () => "/sign-in" },
  "/invite/[token]": { access: "public", url: () => "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  "/forgot-password": { access: "public", url: () => "/forgot-password" },
  "/reset-password/[token]": {
    access: "public",
    url: () => "/reset-password/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  },
  "/connections": { access: "customer", url: () => "/connections", positive: true },
  "/connections/[id]": { access: "customer", url: (fx) => `/connections/${fx.connectionId}`, positive: true },
  "/settings": { access: "customer", url: () => "/settings", positive: true },
  "/support": { access: "staff", url: () => "/support", positive: true },
  "/support/connections/[id]": {
    access: "staff",
    url: (fx) => `/support/connections/${fx.connectionId}`,
    positive: true,
  },
  "/support/tenants": { access: "staff", url: () => "/support/tenants", positive: true },
  "/support/tenants/[id]": { access: "staff", url: (fx) => `/support/tenants/${fx.tenantId}`, positive: true },
  "/support/audit": { access: "staff", url: (fx) => `/support/audit?tenant=${fx.tenantId}`, positive: true },
  "/support/staff": { access: "admin", url: () => "/support/staff", positive: true },
  "/support/jobs": { access: "staff", url: () => "/support/jobs", positive: true },
  "/support/webhooks": { access: "staff", url: () => "/support/webhooks", positive: true },
  "/support/webhooks/[id]": { access: "staff", url: (fx) => `/support/webhooks/${fx.webhookId}`, positive: true },
  "/api/health": { access: "public", url: () => "/api/health" },
  "/api/health/ready": { access: "public", url: () => "/api/health/ready" },
  "/api/health/live": { access: "public", url: () => "/api/health/live" },
  // 404 unless PORTAL_METRICS_TOKEN is set (it is not in the journeys); then a bearer token, tests/integration/metrics.test.ts.
  "/api/metrics": { access: "public", url: () => "/api/metrics" },
  "/api/auth/[...nextauth]": { access: "public", url: () => "/api/auth/session" },
  "/api/certificates/[id]/download": {
    access: "customer",
    url: (fx) => `/api/certificates/${fx.certificateId}/download`,
    positive: true,
  },
  "/api/connections/[id]/certificates": {
    access: "customer",
    url: (fx) => `/api/connections/${fx.connectionId}/certificates`,
    body: certificateBody,
  },
  "/api/connections/[id]/tests": {
    access: "customer",
    url: (fx) => `/api/connections/${fx.connectionId}/tests`,
    body: () => ({}),
  },
  // Also staff holding keys:export; a customer only when the tenant allows key export (403 otherwise).
  "/api/connections/[id]/exports": {
    access: "customer",
    url: (fx) => `/api/connections/${fx.connectionId}/exports`,
    body: exportBody,
  },
  // A valid form, so the tenant check (404 for another tenant) is what answers, not the form's 400.
  "/api/connections/[id]/salesforce-bundle": {
    access: "customer",
    url: (fx) => `/api/connections/${fx.connectionId}/salesforce-bundle`,
    body: () => ({
      appName: "Route_check",
      label: "Route_check",
      contactEmail: "admin@example.test",
      ipRelaxation: "Enforce",
    }),
  },
  "/api/v1/openapi.json": { access: "public", url: () => "/api/v1/openapi.json", positive: true },
  "/api/v1/connections": { access: "api-token", url: () => "/api/v1/connections" },
  "/api/v1/connections/[id]": { access: "api-token", url: (fx) => `/api/v1/connections/${fx.connectionId}` },
  "/api/v1/connections/[id]/private-key": {
    access: "api-token",
    url: (fx) => `/api/v1/connections/${fx.connectionId}/private-key`,
  },
  "/api/v1/connections/[id]/keystores": {
    access: "api-token",
    url: (fx) => `/api/v1/connections/${fx.connectionId}/keystores`,
    body: keystoreBody,
  },
  "/api/v1/connections/[id]/collector-config": {
    access: "api-token",
    url: (fx) => `/api/v1/connections/${fx.connectionId}/collector-config?format=filebeat`,
  },
  "/api/v1/connections/[id]/tests": {
    access: "api-token",
    url: (fx) => `/api/v1/connections/${fx.connectionId}/tests`,
    body: () => ({}),
  },
  "/api/v1/connections/[id]/access-token": {
    access: "api-token",
    url: (fx) => `/api/v1/connections/${fx.connectionId}/access-token`,
    body: () => ({}),
  },
};
