import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/users/schemas";

export const inviteCustomerSchema = z.object({ tenantId: z.uuid("Unknown tenant."), email: emailSchema });

export const acceptInvitationSchema = z
  .object({ token: z.string().max(128), password: passwordSchema, confirmPassword: z.string().max(1024) })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords do not match. Type the same password twice.",
  });
