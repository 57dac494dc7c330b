import { apiJson, apiRoute, ApiProblem } from "@/lib/api/handler";
import { listConnectionsForApi, listConnectionsQuerySchema } from "@/lib/api/connections";
import { fieldErrors } from "@/lib/validation/field-errors";

// GET /api/v1/connections?status=&updatedSince=&limit=&cursor=
export const GET = apiRoute({ scope: "connections:read" }, async ({ principal, request }) => {
  const parsed = listConnectionsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiProblem(400, "invalid_input", "Check the query parameters.", { fields: fieldErrors(parsed.error) });
  return apiJson(await listConnectionsForApi(principal, parsed.data));
});
