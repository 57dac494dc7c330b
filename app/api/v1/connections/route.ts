import { listConnectionsForApi, listConnectionsQuerySchema } from "@/lib/api/connections";
import { apiJson } from "@/lib/api/handler";
import { route } from "@/lib/auth/route";

// GET /api/v1/connections?status=&updatedSince=&limit=&cursor=
export const GET = route(
  { access: "api-token:connections:read", query: listConnectionsQuerySchema },
  async ({ user: principal, query }) => apiJson(await listConnectionsForApi(principal, query)),
);
