import "server-only";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { decryptPrivateKey, KeyUnavailableError } from "./private-key";

// The private key leaves the portal only through here: the API (keys:read), or staff / allowed customers in the
// browser. Every export is audited; the audit entry names who, why and which certificate, never key material.

export type ExportFormat = "pem" | "pkcs12" | "jks" | "bundle" | "access-token";

export type ActiveKey = {
  connectionId: string;
  tenantId: string;
  connectionName: string;
  certificateId: string;
  certificatePem: string;
  /** Unencrypted PKCS#8 PEM: in memory only. */
  privateKeyPem: string;
};

/** The connection's current key and certificate; `tenantId` null means any tenant (staff, global tokens). */
export async function loadActiveKey(connectionId: string, tenantId: string | null): Promise<ActiveKey> {
  if (!isUuid(connectionId)) throw new AppError("NOT_FOUND", "No such connection.");
  const connection = await getDb().connection.findFirst({
    where: { id: connectionId, ...(tenantId ? { tenantId } : {}) },
    select: {
      id: true,
      tenantId: true,
      name: true,
      // The active certificate only: a pending renewal's key reaches collectors once Salesforce has accepted it.
      certificates: {
        where: { status: "active" },
        select: { id: true, certificatePem: true, encryptedPrivateKey: true },
      },
    },
  });
  if (!connection) throw new AppError("NOT_FOUND", "No such connection.");
  const certificate = connection.certificates[0];
  if (!certificate) throw new AppError("CONFLICT", "This connection has no certificate yet: generate one first.");
  let privateKeyPem: string;
  try {
    privateKeyPem = decryptPrivateKey(certificate.encryptedPrivateKey, connection.id, certificate.id);
  } catch (error) {
    if (error instanceof KeyUnavailableError) {
      throw new AppError(
        "CONFLICT",
        "The stored private key cannot be decrypted (the portal's master key changed): generate a new certificate and upload it to the app.",
      );
    }
    throw error;
  }
  return {
    connectionId: connection.id,
    tenantId: connection.tenantId,
    connectionName: connection.name,
    certificateId: certificate.id,
    certificatePem: certificate.certificatePem,
    privateKeyPem,
  };
}

export async function auditKeyExport(input: {
  key: Pick<ActiveKey, "connectionId" | "tenantId" | "certificateId">;
  actor: AuditActor;
  format: ExportFormat;
  via: "api" | "web";
  ip: string | null;
  reason?: string;
  tokenName?: string;
}): Promise<void> {
  await recordAudit(getDb(), {
    action: input.format === "access-token" ? "access_token.issued" : "key.exported",
    actor: input.actor,
    tenantId: input.key.tenantId,
    target: ["connection", input.key.connectionId],
    ip: input.ip,
    details: {
      connectionId: input.key.connectionId,
      certificateId: input.key.certificateId,
      format: input.format,
      via: input.via,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.tokenName ? { tokenName: input.tokenName } : {}),
    },
  });
}
