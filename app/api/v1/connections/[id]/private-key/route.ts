import { route } from "@/lib/auth/route";
import { auditApiKeyUse } from "@/lib/api/audit-export";
import { loadActiveKey } from "@/lib/connections/key-export";

// GET /api/v1/connections/{id}/private-key (keys:read): the active key as unencrypted PKCS#8 PEM, for the collector.
// The ETag is the certificate's id: a collector polls with If-None-Match and gets 304 until the key changes.
export const GET = route({ access: "api-token:keys:read" }, async ({ user: principal, params, request, ip }) => {
  const key = await loadActiveKey(params.id ?? "", principal.tenantId);
  const etag = `"${key.certificateId}"`;
  const headers = { ETag: etag, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (
    ifNoneMatch &&
    ifNoneMatch
      .split(",")
      .map((t) => t.trim())
      .includes(etag)
  )
    return new Response(null, { status: 304, headers });
  await auditApiKeyUse(key, principal, "pem", ip);
  return new Response(key.privateKeyPem, {
    status: 200,
    headers: {
      ...headers,
      "Content-Type": "application/x-pem-file",
      "Content-Disposition": 'attachment; filename="server.pem"',
    },
  });
});
