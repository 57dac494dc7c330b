import { ApiTokenPanel } from "@/components/api-token-panel";
import { CollectorHandoff } from "@/components/collector-handoff";
import { Section } from "@/components/ui/section";
import { listApiTokens } from "@/lib/api/tokens";
import { API_SCOPES } from "@/lib/api/schemas";
import { hasPermission } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { handoffFields, tokenRows } from "@/lib/connections/handoff";
import type { CollectorInput } from "@/lib/connections/collector-config";
import { getDb } from "@/lib/db/client";
import { createTenantApiTokenAction, revokeTenantApiTokenAction } from "./actions";

// Staff view of the hand-off: everyone sees the fields and the tenant's tokens; key downloads need keys:export,
// and creating or revoking tokens needs api-tokens:manage.
export async function StaffHandoffSection(props: {
  user: SessionUser;
  connectionId: string;
  tenantId: string;
  collector: CollectorInput;
  testedApiVersion: string | null;
}) {
  const { user, connectionId, tenantId } = props;
  const { fields, bundleReady } = handoffFields(props.collector, props.testedApiVersion);
  const tokens = tokenRows(await listApiTokens(getDb(), { tenantId }));
  const manage = hasPermission(user.role, "api-tokens:manage")
    ? { create: createTenantApiTokenAction, revoke: revokeTenantApiTokenAction }
    : null;
  return (
    <Section id="handoff" title="Collector hand-off">
      <CollectorHandoff
        connectionId={connectionId}
        fields={fields}
        canExport={hasPermission(user.role, "keys:export")}
        bundleReady={bundleReady}
      />
      <h3 className="text-lg font-semibold">API tokens of this tenant</h3>
      <ApiTokenPanel connectionId={connectionId} tokens={tokens} scopes={API_SCOPES} manage={manage} />
    </Section>
  );
}
