import "server-only";
import type { Role } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { findConnectionFor } from "@/lib/connections/access";
import { generateCertificateForConnection } from "@/lib/connections/generate-certificate";
import { certificateRequestSchema, type CertificateRequest } from "@/lib/validation/certificate";

type RenewInput = {
  user: { id: string; email: string; role: Role; tenantId: string | null };
  connectionId: string;
  // The edited subject; absent: the active certificate's subject, key size and validity, unchanged.
  request?: CertificateRequest;
  requestToken: string;
  ip: string | null;
};

const DAY_MS = 24 * 3600 * 1000;
const notFound = () => new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");

/**
 * "Renew certificate": a new key and certificate stored as **pending** beside the active one, which stays in use
 * until a Test connection succeeds with the new key (lib/connections/promote-certificate.ts). A customer renews
 * their own tenant's connections, staff any with `certificates:renew-any`. It goes through the same generation path
 * as a first certificate: one in flight per tenant, the tenant's hourly units, the key pool. A second renewal
 * replaces the pending certificate (retired, its key kept 7 days).
 */
export async function renewCertificate(input: RenewInput) {
  const connection = await findConnectionFor(input.user, "certificates:renew-any", input.connectionId, {
    id: true,
    tenantId: true,
    certificates: {
      where: { status: "active" as const },
      select: { subject: true, keySize: true, notBefore: true, notAfter: true },
    },
  });
  if (!connection) throw notFound();
  const active = connection.certificates[0];
  if (!active)
    throw new AppError(
      "CONFLICT",
      "This connection has no certificate in use to renew. Generate a certificate first (step 2).",
    );
  const request = input.request ?? sameAsActive(active);
  return generateCertificateForConnection({
    tenantId: connection.tenantId,
    connectionId: connection.id,
    request,
    requestToken: input.requestToken,
    actor: { id: input.user.id, email: input.user.email },
    ip: input.ip,
    status: "pending",
  });
}

// The stored subject holds the form's fields; the validity is the active certificate's, in whole days.
function sameAsActive(active: { subject: unknown; keySize: number; notBefore: Date; notAfter: Date }) {
  const validityDays = Math.round((active.notAfter.getTime() - active.notBefore.getTime()) / DAY_MS);
  const parsed = certificateRequestSchema.safeParse({
    ...(active.subject as Record<string, unknown>),
    keySize: active.keySize,
    validityDays,
  });
  if (!parsed.success)
    throw new AppError("INVALID_INPUT", "The current certificate's details cannot be reused: edit them and renew.");
  return parsed.data;
}
