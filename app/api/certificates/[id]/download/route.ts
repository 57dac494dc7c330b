import { requireUser } from "@/lib/auth/session";
import { downloadCertificate } from "@/lib/connections/download";
import { errorResponse, notFoundResponse } from "@/lib/http";
import { clientIp } from "@/lib/request";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireUser();
    const pem = await downloadCertificate(user, (await params).id, clientIp(request.headers));
    if (!pem) return notFoundResponse();
    return new Response(pem, {
      headers: {
        "Content-Type": "application/x-pem-file",
        "Content-Disposition": 'attachment; filename="server.crt"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
