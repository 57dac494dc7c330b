import "server-only";
import { Prisma } from "@/lib/db/generated/client";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "connection.created",
  "connection.updated",
  "certificate.generated",
  "certificate.downloaded",
  "salesforce_bundle.downloaded",
  "certificate.renewal_started",
  "certificate.renewed",
  "certificate.restore_started",
  "certificate.key_destroyed",
  "test.run",
  "invitation.created",
  "invitation.accepted",
  "tenant.created",
  "user.created",
  "user.disabled",
  "user.enabled",
  "user.role_changed",
  "user.notifications_changed",
  "checklist.updated",
  "api_token.created",
  "api_token.revoked",
  "key.exported",
  "access_token.issued",
  "tenant.key_export_changed",
  "password_reset.requested",
  "password_reset.sent",
  "password_reset.completed",
  "notification.emailed",
  "tenant.retest_interval_changed",
  "connection.retest_interval_changed",
  "webhook.created",
  "webhook.updated",
  "webhook.secret_rotated",
  "webhook.deleted",
  "webhook.test_sent",
  "webhook.redelivered",
] as const;

type AuditAction = (typeof AUDIT_ACTIONS)[number];

// id is null for an API token acting (its name goes in email as "api-token:<name>").
export type AuditActor = { id: string | null; email: string } | null;

export type AuditEntry = {
  action: AuditAction;
  actor: AuditActor;
  tenantId?: string | null;
  /** What was acted on: [type, id], e.g. ["connection", id]. */
  target?: readonly [type: string, id: string];
  ip?: string | null;
  // Never a secret: callers pass identifiers and outcomes only.
  details?: Prisma.InputJsonObject;
};

// Any client: the plain one, a tenant-scoped one, or a transaction.
type AuditWriter = {
  auditEvent: { create: (args: { data: Prisma.AuditEventUncheckedCreateInput }) => PromiseLike<unknown> };
};

export async function recordAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: auditData(entry) });
}

// For a guarded update (one that matches only when the value differs): `count` rows changed, 0 when it already had
// the value. Only a real change is audited; returns whether there was one.
export async function auditIfChanged(db: AuditWriter, count: number, entry: AuditEntry): Promise<boolean> {
  if (count === 0) return false;
  await recordAudit(db, entry);
  return true;
}

// The row for an entry, for callers that batch it into a transaction of their own.
export function auditData(entry: AuditEntry): Prisma.AuditEventUncheckedCreateInput {
  return {
    action: entry.action,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    tenantId: entry.tenantId ?? null,
    targetType: entry.target?.[0] ?? null,
    targetId: entry.target?.[1] ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  };
}

/** The entry as an INSERT, written when `when` holds: for a statement that writes it with what it records (a CTE). */
export function auditInsertSql(entry: AuditEntry, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const row = auditData(entry);
  return Prisma.sql`
    INSERT INTO audit_events (action, actor_id, actor_email, tenant_id, target_type, target_id, ip, details)
    SELECT ${row.action}, ${row.actorId}::uuid, ${row.actorEmail}, ${row.tenantId}::uuid, ${row.targetType},
           ${row.targetId}, ${row.ip}, ${JSON.stringify(row.details)}::jsonb
    WHERE ${when}`;
}

/** Who ran a command and from where: the part of an entry every command's input already carries. */
type CommandContext = { actor: AuditActor; tenantId?: string | null; ip?: string | null };

/** A command's entry: its context, the action, what it acted on and the details, in one line at the call site. */
export function commandAudit(
  ctx: CommandContext,
  action: AuditAction,
  target: readonly [type: string, id: string],
  details?: Prisma.InputJsonObject,
): AuditEntry {
  return { action, actor: ctx.actor, tenantId: ctx.tenantId, ip: ctx.ip, target, details };
}
