import { z } from "zod";
import { emailSchema, newPasswordFields, requireMatchingPasswords } from "@/lib/users/schemas";

export const requestPasswordResetSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = requireMatchingPasswords(
  z.object({ token: z.string().max(128), ...newPasswordFields }),
);

export const sendPasswordResetSchema = z.object({ tenantId: z.uuid(), userId: z.uuid() });
