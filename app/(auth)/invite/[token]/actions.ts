"use server";

import { publicAction } from "@/lib/auth/actions";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { acceptInvitationSchema } from "@/lib/invitations/schemas";
import { INVITATION_MESSAGES } from "./messages";

// Public on purpose (the invitee has no session yet): the token is the credential, checked in one transaction.
export const acceptInvitationAction = publicAction<typeof acceptInvitationSchema, { email: string }>(
  acceptInvitationSchema,
  async ({ data, ip }) => {
    const result = await acceptInvitation({ token: data.token, password: data.password, ip });
    if (!result.ok) return { ok: false, error: INVITATION_MESSAGES[result.reason] };
    return { ok: true, data: { email: result.email } };
  },
);
