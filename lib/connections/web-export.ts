import "server-only";
import { consumeRateLimit } from "@/lib/limits/rate-limit";
import { verifyPassword } from "@/lib/auth/password";
import { hasPermission, isStaff } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { findConnectionFor } from "./access";

// The private key in the browser: staff with keys:export, or a customer whose tenant allows it. Each export needs
// the user's own password again and a reason for the audit log.

const PASSWORD_ATTEMPTS = 20;
const PASSWORD_WINDOW_SECONDS = 900;

/** The tenant scope for loadActiveKey: null (any tenant) for staff holding keys:export, the own tenant for allowed customers. */
export async function exportScope(user: SessionUser, connectionId: string): Promise<string | null> {
  if (isStaff(user.role) && !hasPermission(user.role, "keys:export"))
    throw new AppError("FORBIDDEN", "Exporting the private key needs the keys:export permission; ask an admin.");
  const connection = await findConnectionFor(user, "keys:export", connectionId, {
    tenantId: true,
    tenant: { select: { keyExportAllowed: true } },
  });
  if (!connection) throw new AppError("NOT_FOUND", "No such connection.");
  if (isStaff(user.role)) return null;
  if (!connection.tenant.keyExportAllowed) {
    throw new AppError(
      "FORBIDDEN",
      "Your organisation does not allow exporting the private key. Ask your provider's support to enable it.",
    );
  }
  return connection.tenantId;
}

/** True when `password` is the user's own; attempts are limited per user so the form is no password oracle. */
export async function confirmAccountPassword(user: SessionUser, password: string): Promise<boolean> {
  const db = getDb();
  const rate = await consumeRateLimit(db, `export-password:${user.id}`, PASSWORD_ATTEMPTS, PASSWORD_WINDOW_SECONDS);
  if (!rate.ok)
    throw new AppError(
      "RATE_LIMITED",
      `Too many export attempts: try again in ${Math.ceil(rate.retryAfterSeconds / 60)} minutes.`,
    );
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  return verifyPassword(row?.passwordHash, password);
}

/** Whether customers of this tenant may export keys (and so manage API tokens) themselves. */
export async function tenantAllowsKeyExport(tenantId: string): Promise<boolean> {
  const tenant = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { keyExportAllowed: true } });
  return tenant?.keyExportAllowed === true;
}
