import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { createStaffUserSchema } from "@/lib/users/schemas";

export async function createStaffUser(
  input: z.infer<typeof createStaffUserSchema> & { actor: NonNullable<AuditActor>; ip: string | null },
) {
  const db = getDb();
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A user with email ${input.email} already exists.`);
  }
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  try {
    await db.$transaction(async (tx) => {
      await tx.user.create({
        data: { id, email: input.email, passwordHash, role: input.role, tenantId: null },
        select: { id: true },
      });
      await recordAudit(tx, {
        action: "user.created",
        actor: input.actor,
        target: ["user", id],
        ip: input.ip,
        details: { email: input.email, role: input.role },
      });
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002")
      throw new AppError("CONFLICT", `A user with email ${input.email} already exists.`);
    throw error;
  }
  return { id, email: input.email, role: input.role };
}
