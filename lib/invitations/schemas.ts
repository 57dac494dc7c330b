import { z } from "zod";
import { emailSchema, newPasswordFields, requireMatchingPasswords } from "@/lib/users/schemas";

export const inviteCustomerSchema = z.object({ tenantId: z.uuid("Unknown tenant."), email: emailSchema });

export const acceptInvitationSchema = requireMatchingPasswords(
  z.object({ token: z.string().max(128), ...newPasswordFields }),
);
