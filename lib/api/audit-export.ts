import "server-only";
import { auditKeyExport, type ActiveKey, type ExportFormat } from "@/lib/connections/key-export";
import type { AuditActor } from "@/lib/audit/record-audit";
import type { ApiPrincipal } from "./authenticate-token";

/** How an API token appears as an actor: in the audit log, the test history and the runner of a test. */
export function apiActor(principal: Pick<ApiPrincipal, "name">): NonNullable<AuditActor> {
  return { id: null, email: `api-token:${principal.name}` };
}

/** Records that an API token took the key out (as PEM, a keystore) or used it for an access token. */
export function auditApiKeyUse(
  key: Pick<ActiveKey, "connectionId" | "tenantId" | "certificateId">,
  principal: Pick<ApiPrincipal, "name">,
  format: ExportFormat,
  ip: string | null,
): Promise<void> {
  return auditKeyExport({ key, actor: apiActor(principal), format, via: "api", ip, tokenName: principal.name });
}
