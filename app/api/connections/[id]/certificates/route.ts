import { route } from "@/lib/auth/route";
import { generateCertificateForConnection } from "@/lib/connections/generate-certificate";
import { generateCertificateBodySchema } from "@/lib/connections/schemas";

// JSON twin of the certificate form, for scripted onboarding: same validation, same one-key-per-token rule.
export const POST = route(
  { access: "customer", body: generateCertificateBodySchema },
  async ({ user, params, body, ip }) => {
    const { requestToken, ...certificate } = body;
    const created = await generateCertificateForConnection({
      tenantId: user.tenantId,
      connectionId: params.id ?? "",
      request: certificate,
      requestToken,
      actor: user,
      ip,
    });
    return Response.json({ certificate: created }, { status: 201 });
  },
);
