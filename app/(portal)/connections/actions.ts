"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { customerAction } from "@/lib/auth/actions";
import { createConnection } from "@/lib/connections/create-connection";
import { generateCertificateForConnection } from "@/lib/connections/generate-certificate";
import { renewCertificate } from "@/lib/connections/renew-certificate";
import { createConnectionSchema, generateCertificateSchema } from "@/lib/connections/schemas";

export const createConnectionAction = customerAction(createConnectionSchema, async ({ data, user, tenantId, ip }) => {
  const { id } = await createConnection({ tenantId, name: data.name, actor: user, ip });
  redirect(`/connections/${id}`);
});

export const generateCertificateAction = customerAction(
  generateCertificateSchema,
  async ({ data, user, tenantId, ip }) => {
    const { connectionId, requestToken, ...request } = data;
    await generateCertificateForConnection({ tenantId, connectionId, request, requestToken, actor: user, ip });
    revalidatePath(`/connections/${connectionId}`);
    return {
      ok: true,
      message: "Certificate generated. Download server.crt and upload it to your External Client App.",
    };
  },
);

// The renewal form: the same fields, prefilled with the active certificate's; stored pending, the active one stays.
export const renewCertificateAction = customerAction(generateCertificateSchema, async ({ data, user, ip }) => {
  const { connectionId, requestToken, ...request } = data;
  await renewCertificate({ user, connectionId, request, requestToken, ip });
  revalidatePath(`/connections/${connectionId}`);
  return {
    ok: true,
    message:
      "New certificate created. Download it and upload it to your External Client App, replacing the old one, then run Test connection.",
  };
});
