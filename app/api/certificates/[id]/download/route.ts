import { route } from "@/lib/auth/route";
import { downloadCertificate } from "@/lib/connections/download-certificate";
import { certificateDownloadQuerySchema } from "@/lib/connections/schemas";
import { certificateFile } from "@/lib/crypto/certificate-file";
import { AppError } from "@/lib/errors";
import { fileResponse } from "@/lib/http";

// server.crt as PEM by default; ?format=der gives server.der, for certificates whose PEM is over Salesforce's 4 KB limit.
export const GET = route(
  { access: "signed-in", query: certificateDownloadQuerySchema },
  async ({ user, params, query, ip }) => {
    const pem = await downloadCertificate(user, params.id ?? "", ip, query.format);
    if (!pem) throw new AppError("NOT_FOUND", "Not found.");
    const file = certificateFile(pem, query.format);
    return fileResponse(file.body, file);
  },
);
