import { requireUser } from "@/lib/auth/session";
import { downloadCertificate } from "@/lib/connections/download";
import { certificateFile, parseCertificateFormat } from "@/lib/crypto/certificate-file";
import { AppError } from "@/lib/errors";
import { errorResponse, notFoundResponse } from "@/lib/http";
import { clientIp } from "@/lib/request";

// server.crt as PEM by default; ?format=der gives server.der, for certificates whose PEM is over Salesforce's 4 KB limit.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    const format = parseCertificateFormat(new URL(request.url).searchParams.get("format"));
    if (!format) throw new AppError("INVALID_INPUT", "Choose format=pem (server.crt) or format=der (server.der).");
    const pem = await downloadCertificate(user, (await params).id, clientIp(request.headers), format);
    if (!pem) return notFoundResponse();
    const file = certificateFile(pem, format);
    return new Response(file.body, {
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
