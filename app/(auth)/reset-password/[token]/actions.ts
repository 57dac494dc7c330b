"use server";

import { publicAction } from "@/lib/auth/actions";
import { resetPassword } from "@/lib/password-resets/reset-password";
import { resetPasswordSchema } from "@/lib/password-resets/schemas";
import { RESET_LINK_MESSAGES } from "./messages";

// Public on purpose (the user cannot sign in): the token is the credential, claimed once in one transaction.
export const resetPasswordAction = publicAction<typeof resetPasswordSchema, { email: string }>(
  resetPasswordSchema,
  async ({ data, ip }) => {
    const result = await resetPassword({ token: data.token, password: data.password, ip });
    if (!result.ok) return { ok: false, error: RESET_LINK_MESSAGES[result.reason].text };
    return { ok: true, data: { email: result.email } };
  },
);
