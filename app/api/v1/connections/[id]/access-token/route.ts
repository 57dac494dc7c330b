import { vendAccessToken } from "@/lib/api/access-token";
import { apiJson, apiRoute } from "@/lib/api/handler";
import { emptyBodySchema } from "@/lib/api/schemas";

// POST /api/v1/connections/{id}/access-token (tokens:issue): the portal runs the JWT bearer flow with the stored key
// and the saved pair, and hands out only the access token: the collector never holds the private key.
export const POST = apiRoute({ scope: "tokens:issue", body: emptyBodySchema }, async ({ principal, params, ip }) => {
  return apiJson(await vendAccessToken(principal, params.id ?? "", ip));
});
