import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { commandAudit, recordAudit } from "@/lib/audit/record-audit";
import { verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/request";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(1024) });

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const RATE_LIMITED_MESSAGE = "RateLimited";

export type SessionToken = { uid: string; role: Role; sv: number };

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: async (raw, req) => authorize(raw, clientIp((req?.headers ?? {}) as Record<string, string>)),
      }),
    ],
    events: {
      // Bumping session_version kills this cookie at once (and the user's other sessions: the version is per user).
      async signOut({ token }) {
        const uid = typeof token?.uid === "string" ? token.uid : null;
        if (!uid || typeof token?.sv !== "number") return;
        const ended = await getDb().user.updateMany({
          where: { id: uid, sessionVersion: token.sv },
          data: { sessionVersion: { increment: 1 } },
        });
        if (ended.count === 0) return;
        const user = await getDb().user.findUnique({
          where: { id: uid },
          select: { id: true, email: true, tenantId: true },
        });
        if (user)
          await recordAudit(getDb(), {
            action: "auth.sign_out",
            actor: user,
            tenantId: user.tenantId,
            target: ["user", user.id],
          });
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as unknown as { id: string; role: Role; sv: number };
          Object.assign(token, { uid: signedIn.id, role: signedIn.role, sv: signedIn.sv });
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, role: token.role, sv: token.sv } as typeof session;
      },
    },
  };
}

async function authorize(raw: unknown, ip: string | null) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.email) return null;
  const { email, password } = parsed.data;
  const db = getDb();
  const window = new Date(Date.now() - FAILURE_WINDOW_MS);
  // A password reset since the failures wipes the slate: whoever just chose the password is not guessing it.
  const reset = await db.auditEvent.findFirst({
    where: {
      action: "password_reset.completed",
      details: { path: ["email"], equals: email },
      createdAt: { gte: window },
    },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const failures = await db.auditEvent.count({
    where: {
      action: "auth.sign_in_failed",
      targetType: "email",
      targetId: email,
      createdAt: { gte: reset?.createdAt ?? window },
    },
  });
  if (failures >= MAX_FAILURES) {
    await recordAudit(db, {
      action: "auth.sign_in_failed",
      actor: null,
      target: ["email", email],
      ip,
      details: { reason: "rate_limited" },
    });
    throw new Error(RATE_LIMITED_MESSAGE);
  }
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      role: true,
      tenantId: true,
      passwordHash: true,
      disabledAt: true,
      sessionVersion: true,
    },
  });
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid || user.disabledAt) {
    const reason = !user ? "unknown_email" : !valid ? "wrong_password" : "disabled";
    await recordAudit(db, {
      action: "auth.sign_in_failed",
      actor: null,
      tenantId: user?.tenantId,
      target: ["email", email],
      ip,
      details: { reason },
    });
    return null;
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } });
  await recordAudit(db, commandAudit({ actor: user, tenantId: user.tenantId, ip }, "auth.sign_in", ["user", user.id]));
  return { id: user.id, email: user.email, role: user.role, sv: user.sessionVersion };
}
