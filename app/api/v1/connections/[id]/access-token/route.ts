import { vendAccessToken } from "@/lib/api/access-token";
import { apiJson } from "@/lib/api/handler";
import { route } from "@/lib/auth/route";
import { emptyBodySchema } from "@/lib/api/schemas";

// POST /api/v1/connections/{id}/access-token (tokens:issue): the portal runs the JWT bearer flow with the stored key
// and the saved pair, and hands out only the access token: the collector never holds the private key.
export const POST = route(
  { access: "api-token:tokens:issue", body: emptyBodySchema },
  async ({ user: principal, params, ip }) => {
    return apiJson(await vendAccessToken(principal, params.id ?? "", ip));
  },
);
