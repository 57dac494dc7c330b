"use server";

import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { z } from "zod";
import type { ActionState } from "@/lib/auth/actions";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { clientIp } from "@/lib/request";
import { passwordSchema } from "@/lib/users/create-user";
import { fieldErrors } from "@/lib/validation/field-errors";
import { INVITATION_MESSAGES } from "./messages";

const acceptSchema = z
  .object({ token: z.string().max(128), password: passwordSchema, confirmPassword: z.string().max(1024) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match. Type the same password twice." });

// Public on purpose (the invitee has no session yet): the token is the credential, checked in one transaction.
export async function acceptInvitationAction(_previous: ActionState<{ email: string }>, formData: FormData): Promise<ActionState<{ email: string }>> {
  const raw = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = acceptSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrors(parsed.error) };
  try {
    const result = await acceptInvitation({ token: parsed.data.token, password: parsed.data.password, ip: clientIp(await headers()) });
    if (!result.ok) return { ok: false, error: INVITATION_MESSAGES[result.reason] };
    return { ok: true, data: { email: result.email } };
  } catch (error) {
    const requestId = randomUUID();
    console.error(`[portal] invitation acceptance failed (request ${requestId}):`, error instanceof Error ? `${error.name}: ${error.message}` : "unknown error");
    return { ok: false, error: `Something went wrong on our side (reference ${requestId}). Try again; if it persists, contact support with the reference.` };
  }
}
