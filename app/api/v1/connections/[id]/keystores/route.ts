import { route } from "@/lib/auth/route";
import { auditApiKeyUse } from "@/lib/api/audit-export";
import { loadActiveKey } from "@/lib/connections/key-export";
import { buildJks } from "@/lib/crypto/jks";
import { buildPkcs12, keystoreRequestSchema } from "@/lib/crypto/keystores";

// POST /api/v1/connections/{id}/keystores (keys:read) { format: "pkcs12" | "jks", password, alias, legacy? }:
// the runbook's keystore.p12 / servercert.jks, with the key and certificate under an alias that is not "1".
export const POST = route(
  { access: "api-token:keys:read", body: keystoreRequestSchema },
  async ({ user: principal, params, body, ip }) => {
    const key = await loadActiveKey(params.id ?? "", principal.tenantId);
    const input = {
      privateKeyPem: key.privateKeyPem,
      certificatePem: key.certificatePem,
      password: body.password,
      alias: body.alias,
    };
    const file = body.format === "jks" ? buildJks(input) : buildPkcs12({ ...input, legacy: body.legacy ?? false });
    await auditApiKeyUse(key, principal, body.format, ip);
    const [type, name] =
      body.format === "jks"
        ? ["application/x-java-keystore", "servercert.jks"]
        : ["application/x-pkcs12", "keystore.p12"];
    return new Response(new Uint8Array(file), {
      status: 200,
      headers: {
        "Content-Type": type,
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
        ETag: `"${key.certificateId}"`,
      },
    });
  },
);
