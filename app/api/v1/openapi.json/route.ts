import { openApiDocument } from "@/lib/api/openapi";
import { collectorFilesQuerySchema } from "@/lib/connections/collector-config";
import { keystoreRequestSchema } from "@/lib/crypto/keystores";

// GET /api/v1/openapi.json: public, like any API description; it holds no data.
export function GET(): Response {
  return Response.json(
    openApiDocument({ keystoreRequest: keystoreRequestSchema, collectorConfigQuery: collectorFilesQuerySchema }),
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}
