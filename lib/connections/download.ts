import "server-only";
import { recordAudit } from "@/lib/audit/record";
import type { SessionUser } from "@/lib/auth/session";
import { hasPermission } from "@/lib/auth/permissions";
import type { CertificateFormat } from "@/lib/crypto/certificate-file";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";

const select = { id: true, tenantId: true, connectionId: true, certificatePem: true, serialHex: true } as const;

// A customer reaches only their tenant's certificates; staff with the permission reach any. Others: null (404).
export async function downloadCertificate(user: SessionUser, certificateId: string, ip: string | null, format: CertificateFormat = "pem") {
  if (!isUuid(certificateId)) return null;
  const db = getDb();
  let certificate = null;
  if (hasPermission(user.role, "certificates:download-any")) {
    certificate = await db.certificate.findUnique({ where: { id: certificateId }, select });
  } else if (user.tenantId) {
    certificate = await forTenant(db, user.tenantId).certificate.findFirst({ where: { id: certificateId }, select });
  }
  if (!certificate) return null;
  await recordAudit(db, {
    action: "certificate.downloaded",
    actor: { id: user.id, email: user.email },
    tenantId: certificate.tenantId,
    targetType: "certificate",
    targetId: certificate.id,
    ip,
    details: { connectionId: certificate.connectionId, serial: certificate.serialHex, format, asStaff: user.role !== "customer" },
  });
  return certificate.certificatePem;
}
