import { apiActor } from "@/lib/api/audit-export";
import { apiJson } from "@/lib/api/handler";
import { route } from "@/lib/auth/route";
import { emptyBodySchema } from "@/lib/api/schemas";
import { runTestForConnection } from "@/lib/connections/run-connection-test";

// POST /api/v1/connections/{id}/tests (tests:run): runs Test connection and returns the recorded run. The same rules
// as the page: one running test per connection (409), the tenant's hourly limit (429).
export const POST = route(
  { access: "api-token:tests:run", body: emptyBodySchema },
  async ({ user: principal, params, ip }) => {
    const runner = {
      ...apiActor(principal),
      role: principal.tenantId ? ("customer" as const) : ("support" as const),
      tenantId: principal.tenantId,
    };
    const run = await runTestForConnection({ user: runner, connectionId: params.id ?? "", ip });
    return apiJson(run, { status: 201 });
  },
);
