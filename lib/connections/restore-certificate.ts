import "server-only";
import type { Role } from "@/lib/auth/permissions";
import { type AuditActor, commandAudit, recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { findCertificateFor } from "@/lib/connections/access";

type RestoreInput = {
  user: { id: string; email: string; role: Role; tenantId: string | null };
  certificateId: string;
  ip: string | null;
};

const notFound = () => new AppError("NOT_FOUND", "This certificate does not exist or you do not have access to it.");

/**
 * Rollback within the 7 days a retired key is kept: the retired certificate becomes pending again (any other
 * pending one is retired), so it goes back into use the way a renewal does, once Salesforce accepts it at a Test
 * connection (the customer uploads its server.crt again first). No key is made, so no generation units are spent.
 * Customers for their own tenant, staff with `certificates:renew-any`.
 */
export async function restoreRetiredCertificate(input: RestoreInput): Promise<{ connectionId: string }> {
  const found = await findCertificateFor(input.user, "certificates:renew-any", input.certificateId, {
    id: true,
    connectionId: true,
    tenantId: true,
  });
  if (!found) throw notFound();
  const actor: AuditActor = { id: input.user.id, email: input.user.email };
  await getDb().$transaction(async (tx) => {
    // Lock the connection's certificates in one order, as a promotion does, so the two never interleave.
    const rows = await tx.$queryRaw<{ id: string; status: string; has_key: boolean }[]>`
      SELECT id, status::text, encrypted_private_key IS NOT NULL AS has_key FROM certificates
      WHERE connection_id = ${found.connectionId}::uuid AND tenant_id = ${found.tenantId}::uuid
      ORDER BY id FOR UPDATE`;
    const row = rows.find((r) => r.id === found.id);
    if (!row || row.status !== "retired")
      throw new AppError("CONFLICT", "Only an earlier certificate can be restored. Reload the page to see its state.");
    if (!row.has_key)
      throw new AppError(
        "CONFLICT",
        "This certificate's private key was destroyed 7 days after it was retired, so it cannot be restored. Renew the certificate instead.",
      );
    await tx.$executeRaw`
      UPDATE certificates SET status = 'retired', retired_at = now()
      WHERE connection_id = ${found.connectionId}::uuid AND status = 'pending'`;
    await tx.$executeRaw`UPDATE certificates SET status = 'pending', retired_at = NULL WHERE id = ${found.id}::uuid`;
    await recordAudit(
      tx,
      commandAudit(
        { actor, tenantId: found.tenantId, ip: input.ip },
        "certificate.restore_started",
        ["certificate", found.id],
        { connectionId: found.connectionId },
      ),
    );
  });
  return { connectionId: found.connectionId };
}
