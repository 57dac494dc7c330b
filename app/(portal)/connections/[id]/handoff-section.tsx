import { ApiTokenPanel } from "@/components/api-token-panel";
import { CollectorHandoff } from "@/components/collector-handoff";
import { listApiTokens } from "@/lib/api/tokens";
import { API_SCOPES } from "@/lib/api/schemas";
import type { CollectorInput } from "@/lib/connections/collector-config";
import { handoffFields, tokenRows } from "@/lib/connections/handoff";
import { tenantAllowsKeyExport } from "@/lib/connections/web-export";
import { getDb } from "@/lib/db/client";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";

// The customer's hand-off, only where an admin allowed key export for the tenant; otherwise the provider hands it over.
export async function CustomerHandoffSection(props: {
  tenantId: string;
  connectionId: string;
  collector: CollectorInput;
  testedApiVersion: string | null;
}) {
  const { tenantId, connectionId } = props;
  if (!(await tenantAllowsKeyExport(tenantId))) {
    return (
      <p className="text-sm text-slate-600">
        Your provider hands the private key and collector files over to your collector host.
      </p>
    );
  }
  const { fields, bundleReady } = handoffFields(props.collector, props.testedApiVersion);
  const tokens = tokenRows(await listApiTokens(getDb(), { tenantId }));
  return (
    <div className="space-y-4">
      <CollectorHandoff connectionId={connectionId} fields={fields} canExport bundleReady={bundleReady} />
      <h3 className="text-lg font-semibold">API tokens</h3>
      <p className="text-sm text-slate-600">
        For a collector that fetches the key or an access token from the portal&apos;s API itself.
      </p>
      <ApiTokenPanel
        connectionId={connectionId}
        tokens={tokens}
        scopes={API_SCOPES}
        manage={{ create: createApiTokenAction, revoke: revokeApiTokenAction }}
      />
    </div>
  );
}
