import { z } from "zod";
import { connectionPageSchema, connectionSchema, listConnectionsQuerySchema } from "./connections";
import { accessTokenSchema, apiErrorSchema, emptyBodySchema } from "./schemas";
import { API_SCOPES, type ApiScope } from "./tokens";

// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with (z.toJSONSchema):
// a field added to a schema appears here without anyone writing it twice.

type Extra = { keystoreRequest?: z.ZodType; collectorConfigQuery?: z.ZodType };

const json = (schema: z.ZodType, io: "input" | "output" = "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", format: "uuid" },
  description: "The connection's id.",
};
const IF_NONE_MATCH = {
  name: "If-None-Match",
  in: "header",
  required: false,
  schema: { type: "string" },
  description: "The ETag of the key you hold: 304 until it changes.",
};
const ERRORS = {
  "401": error("No valid API token."),
  "403": error("The token lacks the scope."),
  "404": error("No such connection for this token (another tenant's, or a malformed id)."),
  "429": error("Rate limited: see Retry-After."),
};

// Query parameters from an object schema: one parameter per property.
function queryParameters(schema: z.ZodType) {
  const s = json(schema, "input") as {
    properties?: Record<string, object & { description?: string }>;
    required?: string[];
  };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: s.required?.includes(name) ?? false,
    schema: property,
    ...(property.description ? { description: property.description } : {}),
  }));
}

type Operation = {
  summary: string;
  scope: ApiScope;
  /** Defaults to the connection id in the path. */
  parameters?: object[];
  body?: z.ZodType;
  responses: Record<string, object>;
  /** Error responses beyond the ones every route has (401, 403, 404, 429): status → description. */
  errors?: Record<string, string>;
};

function operation(o: Operation) {
  const errors = Object.fromEntries(Object.entries(o.errors ?? {}).map(([status, text]) => [status, error(text)]));
  return {
    summary: o.summary,
    security: [{ bearer: [o.scope] }],
    parameters: o.parameters ?? [idParam],
    ...(o.body
      ? { requestBody: { required: true, content: { "application/json": { schema: json(o.body, "input") } } } }
      : {}),
    responses: { ...o.responses, ...errors, ...ERRORS },
  };
}

const jsonContent = (name: string) => ({ content: { "application/json": { schema: ref(name) } } });

export function openApiDocument(extra: Extra = {}) {
  const paths: Record<string, object> = {
    "/connections": {
      get: operation({
        summary: "List connections",
        scope: "connections:read",
        parameters: queryParameters(listConnectionsQuerySchema),
        responses: {
          "200": { description: "A page of connections, oldest change first.", ...jsonContent("ConnectionPage") },
        },
        errors: { "400": "Bad query parameters." },
      }),
    },
    "/connections/{id}": {
      get: operation({
        summary: "One connection",
        scope: "connections:read",
        responses: { "200": { description: "The connection.", ...jsonContent("Connection") } },
      }),
    },
    "/connections/{id}/private-key": {
      get: operation({
        summary: "The active private key (unencrypted PKCS#8 PEM) for the collector",
        scope: "keys:read",
        parameters: [idParam, IF_NONE_MATCH],
        responses: {
          "200": {
            description: "server.pem; ETag = the certificate id. Audited.",
            content: { "application/x-pem-file": { schema: { type: "string" } } },
          },
          "304": { description: "Unchanged." },
        },
        errors: { "409": "No certificate yet, or the key cannot be decrypted." },
      }),
    },
    "/connections/{id}/tests": {
      post: operation({
        summary: "Run Test connection",
        scope: "tests:run",
        body: emptyBodySchema,
        responses: { "201": { description: "The recorded run (steps, attempts, outcome, diagnosis)." } },
        errors: { "409": "A test is already running." },
      }),
    },
    "/connections/{id}/access-token": {
      post: operation({
        summary: "Vend a Salesforce access token (the collector never holds the key)",
        scope: "tokens:issue",
        body: emptyBodySchema,
        responses: { "200": { description: "Audited.", ...jsonContent("AccessToken") } },
        errors: {
          "409": "No working pair yet: run Test connection.",
          "502": "Salesforce refused: the diagnosis says why.",
        },
      }),
    },
  };
  if (extra.keystoreRequest) {
    paths["/connections/{id}/keystores"] = {
      post: operation({
        summary: "A PKCS#12 or JKS keystore with the key and certificate",
        scope: "keys:read",
        body: extra.keystoreRequest,
        responses: {
          "200": {
            description: "keystore.p12 or servercert.jks. Audited.",
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
        },
        errors: { "400": "Bad password or alias." },
      }),
    };
  }
  if (extra.collectorConfigQuery) {
    paths["/connections/{id}/collector-config"] = {
      get: operation({
        summary: "Collector configuration (filebeat.yml, elastic-agent.yml or env)",
        scope: "connections:read",
        parameters: [idParam, ...queryParameters(extra.collectorConfigQuery)],
        responses: { "200": { description: "YAML or KEY=value text." } },
        errors: { "400": "Bad format or keyPath.", "409": "Not tested yet." },
      }),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Salesforce JWT onboarding portal API",
      version: "1",
      description: `Bearer tokens (sfp_…) with scopes ${API_SCOPES.join(", ")}. Every error is JSON { "error": { "code", "message" } }.`,
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API token: npm run api-token:create, or the API tokens page.",
        },
      },
      schemas: {
        Connection: json(connectionSchema),
        ConnectionPage: json(connectionPageSchema),
        AccessToken: json(accessTokenSchema),
        Error: json(apiErrorSchema),
      },
    },
    paths,
  };
}
