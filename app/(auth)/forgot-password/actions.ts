"use server";

import { publicAction } from "@/lib/auth/actions";
import { getEnv } from "@/lib/env";
import { requestPasswordReset } from "@/lib/password-resets/request-password-reset";
import { requestPasswordResetSchema } from "@/lib/password-resets/schemas";

export type ResetRequestShown = { email: string; delivery: "email" | "not_configured" };

// Public on purpose: the answer never says whether the email has an account (only the mailbox learns it).
export const requestPasswordResetAction = publicAction<typeof requestPasswordResetSchema, ResetRequestShown>(
  requestPasswordResetSchema,
  async ({ data, ip }) => {
    const result = await requestPasswordReset({ email: data.email, ip, baseUrl: getEnv().NEXTAUTH_URL });
    if (!result.ok) {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return {
        ok: false,
        error: `Too many reset requests. Wait ${minutes} minute${minutes === 1 ? "" : "s"}, then try again, or ask your support contact to send you a link.`,
      };
    }
    return { ok: true, data: { email: data.email, delivery: result.delivery } };
  },
);
