import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { buildExportFile } from "@/lib/connections/export-files";
import { auditKeyExport } from "@/lib/connections/key-export";
import { exportRequestSchema } from "@/lib/connections/export-request";
import { confirmAccountPassword, exportScope } from "@/lib/connections/web-export";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { clientIp } from "@/lib/request";
import { fieldErrors } from "@/lib/validation/field-errors";

// POST /api/connections/{id}/exports (form: kind, accountPassword, reason, keystorePassword, alias, keyPath):
// server.pem, keystore.p12, servercert.jks or the collector bundle, for staff holding keys:export or a customer
// whose tenant allows it. Errors are JSON { error, message, fieldErrors? } so the page can show them inline.
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    assertSameOrigin(request);
    const connectionId = (await params).id;
    const tenantScope = await exportScope(user, connectionId);
    const parsed = exportRequestSchema.safeParse(await readForm(request));
    if (!parsed.success) return refusal(400, "INVALID_INPUT", "Check the highlighted fields.", fieldErrors(parsed.error));
    if (!(await confirmAccountPassword(user, parsed.data.accountPassword))) {
      const message = "That is not your account password. Enter the password you sign in to the portal with.";
      return refusal(403, "FORBIDDEN", message, { accountPassword: message });
    }
    const file = await buildExportFile(parsed.data, connectionId, tenantScope);
    // Audited before the file leaves: if the entry cannot be written, nothing is handed over.
    await auditKeyExport({ key: file.key, actor: { id: user.id, email: user.email }, format: parsed.data.kind, via: "web", ip: clientIp(request.headers), reason: parsed.data.reason });
    return new Response(new Uint8Array(file.body), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

function refusal(status: number, error: string, message: string, fields: Record<string, string>): NextResponse {
  return NextResponse.json({ error, message, fieldErrors: fields }, { status, headers: { "Cache-Control": "no-store" } });
}

// A form post (urlencoded or multipart); only its text fields count.
async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new AppError("INVALID_INPUT", "Send the export request as a form (application/x-www-form-urlencoded or multipart/form-data).");
  }
  const form = await request.formData().catch(() => {
    throw new AppError("INVALID_INPUT", "The form could not be read; reload the page and try again.");
  });
  return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

// Browsers send Origin on POST: a form on another site must not trigger an export with this user's cookie.
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (!host || originHost !== host) throw new AppError("FORBIDDEN", "Start the export from the portal's own page.");
}
