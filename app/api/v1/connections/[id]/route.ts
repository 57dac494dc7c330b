import { getConnectionForApi } from "@/lib/api/connections";
import { apiJson, apiRoute } from "@/lib/api/handler";

// GET /api/v1/connections/{id}
export const GET = apiRoute({ scope: "connections:read" }, async ({ principal, params }) => {
  return apiJson(await getConnectionForApi(principal, params.id ?? ""));
});
