import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { SessionUser } from "@/lib/auth/session";
import type { CertificateFormat } from "@/lib/crypto/certificate-file";
import { getDb } from "@/lib/db/client";
import { findCertificateFor } from "@/lib/connections/access";

const select = { id: true, tenantId: true, connectionId: true, certificatePem: true, serialHex: true } as const;

// A customer reaches only their tenant's certificates; staff with the permission reach any. Others: null (404).
export async function downloadCertificate(
  user: SessionUser,
  certificateId: string,
  ip: string | null,
  format: CertificateFormat = "pem",
) {
  const certificate = await findCertificateFor(user, "certificates:download-any", certificateId, select);
  if (!certificate) return null;
  await recordAudit(getDb(), {
    action: "certificate.downloaded",
    actor: user,
    tenantId: certificate.tenantId,
    target: ["certificate", certificate.id],
    ip,
    details: {
      connectionId: certificate.connectionId,
      serial: certificate.serialHex,
      format,
      asStaff: user.role !== "customer",
    },
  });
  return certificate.certificatePem;
}
