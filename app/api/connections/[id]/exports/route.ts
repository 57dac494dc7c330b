import { route } from "@/lib/auth/route";
import { buildExportFile } from "@/lib/connections/export-files";
import { auditKeyExport } from "@/lib/connections/key-export";
import { exportRequestSchema } from "@/lib/connections/schemas";
import { confirmAccountPassword, exportScope } from "@/lib/connections/web-export";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, fileResponse, readForm } from "@/lib/http";

// POST /api/connections/{id}/exports (form: kind, accountPassword, reason, keystorePassword, alias, keyPath):
// server.pem, keystore.p12, servercert.jks or the collector bundle, for staff holding keys:export or a customer
// whose tenant allows it. Errors are JSON { error, message, fieldErrors? } so the page can show them inline.
export const POST = route({ access: "signed-in" }, async ({ request, user, params, ip }) => {
  assertSameOrigin(request, "Start the export from the portal's own page.");
  const connectionId = params.id ?? "";
  // Who may export comes before the form is read: an outsider learns nothing from a 400.
  const tenantScope = await exportScope(user, connectionId);
  const form = await readForm(request, exportRequestSchema);
  if (!(await confirmAccountPassword(user, form.accountPassword))) {
    const message = "That is not your account password. Enter the password you sign in to the portal with.";
    throw new AppError("FORBIDDEN", message, { accountPassword: message });
  }
  const file = await buildExportFile(form, connectionId, tenantScope);
  // Audited before the file leaves: if the entry cannot be written, nothing is handed over.
  await auditKeyExport({
    key: file.key,
    actor: { id: user.id, email: user.email },
    format: form.kind,
    via: "web",
    ip,
    reason: form.reason,
  });
  return fileResponse(new Uint8Array(file.body), file);
});
