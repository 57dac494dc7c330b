import { apiRoute, ApiProblem } from "@/lib/api/handler";
import { collectorFilesQuerySchema } from "@/lib/connections/collector-config";
import { collectorFilesFor } from "@/lib/connections/collector-source";
import { fieldErrors } from "@/lib/validation/field-errors";

const TYPES = { filebeat: ["application/yaml", "filebeat.yml"], "elastic-agent": ["application/yaml", "elastic-agent.yml"], env: ["text/plain", "salesforce.env"] } as const;

// GET /api/v1/connections/{id}/collector-config?format=filebeat|elastic-agent|env&keyPath=/path/server.pem
export const GET = apiRoute({ scope: "connections:read" }, async ({ principal, params, request }) => {
  const parsed = collectorFilesQuerySchema.strict().safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiProblem(400, "invalid_input", "Check the query parameters.", { fields: fieldErrors(parsed.error) });
  const files = await collectorFilesFor(params.id ?? "", principal.tenantId, parsed.data.keyPath);
  const text = parsed.data.format === "filebeat" ? files.filebeatYml : parsed.data.format === "elastic-agent" ? files.elasticAgentYml : files.env;
  const [type, name] = TYPES[parsed.data.format];
  return new Response(text, {
    headers: {
      "Content-Type": `${type}; charset=utf-8`,
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "no-store",
      ...(files.warning ? { "X-Collector-Warning": encodeURIComponent(files.warning).slice(0, 1000) } : {}),
    },
  });
});
