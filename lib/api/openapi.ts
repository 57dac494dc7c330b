import { z } from "zod";
import { connectionPageSchema, connectionSchema, listConnectionsQuerySchema } from "./connections";
import { accessTokenSchema, apiErrorSchema, emptyBodySchema } from "./schemas";
import { API_SCOPES } from "./tokens";

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

export function openApiDocument(extra: Extra = {}) {
  const body = (schema: z.ZodType) => ({
    required: true,
    content: { "application/json": { schema: json(schema, "input") } },
  });
  const scoped = (scope: string) => [{ bearer: [scope] }];
  const paths: Record<string, object> = {
    "/connections": {
      get: {
        summary: "List connections",
        security: scoped("connections:read"),
        parameters: queryParameters(listConnectionsQuerySchema),
        responses: {
          "200": {
            description: "A page of connections, oldest change first.",
            content: { "application/json": { schema: ref("ConnectionPage") } },
          },
          "400": error("Bad query parameters."),
          ...ERRORS,
        },
      },
    },
    "/connections/{id}": {
      get: {
        summary: "One connection",
        security: scoped("connections:read"),
        parameters: [idParam],
        responses: {
          "200": { description: "The connection.", content: { "application/json": { schema: ref("Connection") } } },
          ...ERRORS,
        },
      },
    },
    "/connections/{id}/private-key": {
      get: {
        summary: "The active private key (unencrypted PKCS#8 PEM) for the collector",
        security: scoped("keys:read"),
        parameters: [
          idParam,
          {
            name: "If-None-Match",
            in: "header",
            required: false,
            schema: { type: "string" },
            description: "The ETag of the key you hold: 304 until it changes.",
          },
        ],
        responses: {
          "200": {
            description: "server.pem; ETag = the certificate id. Audited.",
            content: { "application/x-pem-file": { schema: { type: "string" } } },
          },
          "304": { description: "Unchanged." },
          "409": error("No certificate yet, or the key cannot be decrypted."),
          ...ERRORS,
        },
      },
    },
    "/connections/{id}/tests": {
      post: {
        summary: "Run Test connection",
        security: scoped("tests:run"),
        parameters: [idParam],
        requestBody: body(emptyBodySchema),
        responses: {
          "201": { description: "The recorded run (steps, attempts, outcome, diagnosis)." },
          "409": error("A test is already running."),
          ...ERRORS,
        },
      },
    },
    "/connections/{id}/access-token": {
      post: {
        summary: "Vend a Salesforce access token (the collector never holds the key)",
        security: scoped("tokens:issue"),
        parameters: [idParam],
        requestBody: body(emptyBodySchema),
        responses: {
          "200": { description: "Audited.", content: { "application/json": { schema: ref("AccessToken") } } },
          "409": error("No working pair yet: run Test connection."),
          "502": error("Salesforce refused: the diagnosis says why."),
          ...ERRORS,
        },
      },
    },
  };
  if (extra.keystoreRequest) {
    paths["/connections/{id}/keystores"] = {
      post: {
        summary: "A PKCS#12 or JKS keystore with the key and certificate",
        security: scoped("keys:read"),
        parameters: [idParam],
        requestBody: body(extra.keystoreRequest),
        responses: {
          "200": {
            description: "keystore.p12 or servercert.jks. Audited.",
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
          "400": error("Bad password or alias."),
          ...ERRORS,
        },
      },
    };
  }
  if (extra.collectorConfigQuery) {
    paths["/connections/{id}/collector-config"] = {
      get: {
        summary: "Collector configuration (filebeat.yml, elastic-agent.yml or env)",
        security: scoped("connections:read"),
        parameters: [idParam, ...queryParameters(extra.collectorConfigQuery)],
        responses: {
          "200": { description: "YAML or KEY=value text." },
          "400": error("Bad format or keyPath."),
          "409": error("Not tested yet."),
          ...ERRORS,
        },
      },
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
