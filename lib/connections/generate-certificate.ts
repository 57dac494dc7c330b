import "server-only";
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import { recordAudit, type AuditActor, commandAudit } from "@/lib/audit/record-audit";
import { generateCertificate } from "@/lib/crypto/certificate";
import { privateKeyAad, seal } from "@/lib/crypto/envelope";
import { getMasterKeys } from "@/lib/crypto/master-keys";
import { getDb } from "@/lib/db/client";
import { forTenant, isUuid } from "@/lib/db/tenant";
import { AppError } from "@/lib/errors";
import { certificateSummarySelect } from "@/lib/connections/queries";
import type { CertificateRequest } from "@/lib/validation/certificate";

// RSA key generation runs on libuv's small thread pool (4 threads) and on the CPU cores. Unbounded, a burst of
// generations starves the file-system work every other request needs; leave a core and the pool free for them.
const keyGeneration = pLimit(Math.max(1, availableParallelism() - 1));

type GenerateInput = {
  tenantId: string;
  connectionId: string;
  request: CertificateRequest;
  // The form's one-time token: the same form submitted twice yields one key.
  requestToken: string;
  actor: AuditActor;
  ip: string | null;
};

export async function generateCertificateForConnection(input: GenerateInput) {
  const tdb = forTenant(getDb(), input.tenantId);
  const connection = isUuid(input.connectionId)
    ? await tdb.connection.findFirst({ where: { id: input.connectionId }, select: { id: true } })
    : null;
  if (!connection) throw new AppError("NOT_FOUND", "This connection does not exist or you do not have access to it.");
  const previous = () =>
    tdb.certificate.findFirst({
      where: { connectionId: connection.id, requestToken: input.requestToken },
      select: certificateSummarySelect,
    });
  const existing = await previous();
  if (existing) return existing;

  const generated = await keyGeneration(() => generateCertificate(input.request));
  const id = randomUUID();
  const encryptedPrivateKey = seal(generated.privateKeyPem, privateKeyAad(connection.id, id), getMasterKeys().current);
  try {
    return await tdb.$transaction(async (tx) => {
      const certificate = await tx.certificate.create({
        data: {
          id,
          tenantId: input.tenantId,
          connectionId: connection.id,
          subject: generated.subject,
          subjectText: generated.subjectText,
          serialHex: generated.serialHex,
          fingerprintSha256: generated.fingerprintSha256,
          keySize: generated.keySize,
          notBefore: generated.notBefore,
          notAfter: generated.notAfter,
          certificatePem: generated.certificatePem,
          encryptedPrivateKey,
          requestToken: input.requestToken,
          createdById: input.actor?.id ?? null,
        },
        select: certificateSummarySelect,
      });
      await tx.connection.update({
        where: { id: connection.id },
        data: { certificateExpiresAt: generated.notAfter },
        select: { id: true },
      });
      await recordAudit(
        tx,
        commandAudit(input, "certificate.generated", ["certificate", id], {
          connectionId: connection.id,
          serial: generated.serialHex,
          fingerprintSha256: generated.fingerprintSha256,
          keySize: generated.keySize,
        }),
      );
      return certificate;
    });
  } catch (error) {
    // A concurrent double submit lost the race on (connection, request token): answer with the winner's row.
    if ((error as { code?: string }).code === "P2002") {
      const winner = await previous();
      if (winner) return winner;
    }
    throw error;
  }
}
