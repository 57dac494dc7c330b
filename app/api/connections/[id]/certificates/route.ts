import { NextResponse } from "next/server";
import { z } from "zod";
import { isStaff } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { generateCertificateForConnection } from "@/lib/connections/certificates";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { clientIp } from "@/lib/request";
import { certificateRequestSchema } from "@/lib/validation/certificate";
import { fieldErrors } from "@/lib/validation/field-errors";

const bodySchema = z.intersection(
  certificateRequestSchema,
  z.object({ requestToken: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, "requestToken must be 16-64 letters, digits or dashes; reuse it to retry safely.") }),
);

// JSON twin of the certificate form, for scripted onboarding: same validation, same one-key-per-token rule.
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    if (isStaff(user.role) || !user.tenantId) throw new AppError("FORBIDDEN", "Only the connection's customer can generate its certificate.");
    if (!request.headers.get("content-type")?.startsWith("application/json")) {
      throw new AppError("INVALID_INPUT", "Send the fields as JSON with Content-Type: application/json.");
    }
    const parsed = bodySchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) {
      return NextResponse.json({ error: "INVALID_INPUT", message: "Check the fields.", fieldErrors: fieldErrors(parsed.error) }, { status: 400 });
    }
    const { requestToken, ...certificate } = parsed.data;
    const created = await generateCertificateForConnection({
      tenantId: user.tenantId,
      connectionId: (await params).id,
      request: certificate,
      requestToken,
      actor: user,
      ip: clientIp(request.headers),
    });
    return NextResponse.json({ certificate: created }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
