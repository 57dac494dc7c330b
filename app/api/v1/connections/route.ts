import { apiJson, apiRoute } from "@/lib/api/handler";
import { listConnectionsForApi, listConnectionsQuerySchema } from "@/lib/api/connections";
import { parseInput } from "@/lib/http";

// GET /api/v1/connections?status=&updatedSince=&limit=&cursor=
export const GET = apiRoute({ scope: "connections:read" }, async ({ principal, request }) => {
  const query = parseInput(
    listConnectionsQuerySchema,
    Object.fromEntries(new URL(request.url).searchParams),
    "Check the query parameters.",
  );
  return apiJson(await listConnectionsForApi(principal, query));
});
