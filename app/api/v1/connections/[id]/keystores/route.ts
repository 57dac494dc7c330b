import { apiRoute } from "@/lib/api/handler";
import { auditKeyExport, loadActiveKey } from "@/lib/connections/key-export";
import { buildJks } from "@/lib/crypto/jks";
import { buildPkcs12, keystoreRequestSchema } from "@/lib/crypto/keystores";

// POST /api/v1/connections/{id}/keystores (keys:read) { format: "pkcs12" | "jks", password, alias, legacy? }:
// the runbook's keystore.p12 / servercert.jks, with the key and certificate under an alias that is not "1".
export const POST = apiRoute(
  { scope: "keys:read", body: keystoreRequestSchema },
  async ({ principal, params, body, ip }) => {
    const key = await loadActiveKey(params.id ?? "", principal.tenantId);
    const input = {
      privateKeyPem: key.privateKeyPem,
      certificatePem: key.certificatePem,
      password: body.password,
      alias: body.alias,
    };
    const file = body.format === "jks" ? buildJks(input) : buildPkcs12({ ...input, legacy: body.legacy ?? false });
    await auditKeyExport({
      key,
      actor: { id: null, email: `api-token:${principal.name}` },
      format: body.format,
      via: "api",
      ip,
      tokenName: principal.name,
    });
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
