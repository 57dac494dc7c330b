"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { customerAction } from "@/lib/auth/actions";
import { generateCertificateForConnection } from "@/lib/connections/certificates";
import { createConnection } from "@/lib/connections/queries";
import { createConnectionSchema } from "@/lib/connections/schemas";
import { certificateRequestSchema } from "@/lib/validation/certificate";

export const createConnectionAction = customerAction(createConnectionSchema, async ({ data, user, tenantId, ip }) => {
  const { id } = await createConnection({ tenantId, name: data.name, actor: user, ip });
  redirect(`/connections/${id}`);
});

const generateSchema = z.intersection(
  certificateRequestSchema,
  z.object({
    connectionId: z.uuid("Unknown connection."),
    requestToken: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, "The form expired. Reload the page and try again."),
  }),
);

export const generateCertificateAction = customerAction(
  generateSchema,
  async ({ data, user, tenantId, ip }) => {
    const { connectionId, requestToken, ...request } = data;
    await generateCertificateForConnection({
      tenantId,
      connectionId,
      request,
      requestToken,
      actor: user,
      ip,
    });
    revalidatePath(`/connections/${connectionId}`);
    return { ok: true, message: "Certificate generated. Download server.crt and upload it to your External Client App." };
  },
);
