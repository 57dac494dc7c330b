import { route } from "@/lib/auth/route";
import { collectorFilesQuerySchema } from "@/lib/connections/collector-config";
import { collectorFilesFor } from "@/lib/connections/collector-source";

const TYPES = {
  filebeat: ["application/yaml", "filebeat.yml"],
  "elastic-agent": ["application/yaml", "elastic-agent.yml"],
  env: ["text/plain", "salesforce.env"],
} as const;

// GET /api/v1/connections/{id}/collector-config?format=filebeat|elastic-agent|env&keyPath=/path/server.pem
export const GET = route(
  { access: "api-token:connections:read", query: collectorFilesQuerySchema.strict() },
  async ({ user: principal, params, query }) => {
    const files = await collectorFilesFor(params.id ?? "", principal.tenantId, query.keyPath);
    const text =
      query.format === "filebeat"
        ? files.filebeatYml
        : query.format === "elastic-agent"
          ? files.elasticAgentYml
          : files.env;
    const [type, name] = TYPES[query.format];
    return new Response(text, {
      headers: {
        "Content-Type": `${type}; charset=utf-8`,
        "Content-Disposition": `inline; filename="${name}"`,
        "Cache-Control": "no-store",
        ...(files.warning ? { "X-Collector-Warning": encodeURIComponent(files.warning).slice(0, 1000) } : {}),
      },
    });
  },
);
