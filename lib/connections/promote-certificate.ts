import "server-only";
import { type AuditActor, commandAudit, recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db/client";

type PromoteInput = {
  tenantId: string;
  connectionId: string;
  // The pending certificate whose key Salesforce just accepted.
  certificateId: string;
  actor: AuditActor;
  ip: string | null;
};

/**
 * Salesforce accepted the pending certificate's key: it becomes the active one, and the active one is retired (its
 * key kept 7 days: lib/connections/retired-keys.ts). One transaction that first locks both rows, so a renewal
 * replacing the pending certificate meanwhile either waits for it or wins (then nothing is promoted). Returns
 * whether it promoted. The collector hand-off serves the new key (and a new ETag) from the commit on.
 */
export async function promotePendingCertificate(input: PromoteInput): Promise<boolean> {
  const { tenantId, connectionId, certificateId } = input;
  return getDb().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; status: string; not_after: Date }[]>`
      SELECT id, status::text, not_after FROM certificates
      WHERE connection_id = ${connectionId}::uuid AND tenant_id = ${tenantId}::uuid AND status IN ('active', 'pending')
      ORDER BY id FOR UPDATE`;
    const pending = rows.find((r) => r.id === certificateId && r.status === "pending");
    if (!pending) return false;
    const previous = rows.find((r) => r.status === "active");
    // Retire first: the one-active index allows no moment with two.
    if (previous) {
      await tx.$executeRaw`
        UPDATE certificates SET status = 'retired', retired_at = now() WHERE id = ${previous.id}::uuid`;
    }
    await tx.$executeRaw`UPDATE certificates SET status = 'active' WHERE id = ${pending.id}::uuid`;
    await tx.$executeRaw`
      UPDATE connections SET certificate_expires_at = ${pending.not_after}, updated_at = now()
      WHERE id = ${connectionId}::uuid AND tenant_id = ${tenantId}::uuid`;
    // For the notifier (lib/jobs/notify-task.ts): the customers and staff hear the renewal is complete.
    await tx.$executeRaw`
      INSERT INTO connection_events (type, connection_id, tenant_id, certificate_id)
      VALUES ('certificate.renewed', ${connectionId}::uuid, ${tenantId}::uuid, ${pending.id}::uuid)`;
    await recordAudit(
      tx,
      commandAudit(input, "certificate.renewed", ["certificate", pending.id], {
        connectionId,
        previousCertificateId: previous?.id ?? null,
      }),
    );
    return true;
  });
}
