import { getConnectionForApi } from "@/lib/api/connections";
import { apiJson } from "@/lib/api/handler";
import { route } from "@/lib/auth/route";

// GET /api/v1/connections/{id}
export const GET = route({ access: "api-token:connections:read" }, async ({ user: principal, params }) => {
  return apiJson(await getConnectionForApi(principal, params.id ?? ""));
});
