import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { commandAudit, recordAudit } from "@/lib/audit/record-audit";
import { verifyPassword } from "@/lib/auth/password";
import { isKnownDevice, rememberDevice } from "@/lib/auth/known-device";
import { claimSignInAttempt, settleSignIn } from "@/lib/auth/sign-in-limits";
import type { Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { noControlCharacters } from "@/lib/validation/refinements";
import { clientIp } from "@/lib/request";

// An email with control characters (a NUL would reach PostgreSQL) is no one's: it fails like a wrong one.
const credentialsSchema = z.object({
  email: z.string().max(254).refine(noControlCharacters).trim().toLowerCase(),
  password: z.string().max(1024),
});

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
        authorize: async (raw, req) => {
          const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
          return authorize(raw, clientIp(headers), headers.cookie);
        },
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

async function authorize(raw: unknown, ip: string | null, cookieHeader: string | undefined) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.email) return null;
  const { email, password } = parsed.data;
  const db = getDb();
  // The limits are spent before argon2 runs, so a burst of guesses is cut off at the limit, not after it.
  const gate = await claimSignInAttempt(db, { email, ip, knownDevice: isKnownDevice(cookieHeader, email) });
  if (!gate.ok) {
    // One audit entry per refused window, not one per attempt: a flood writes nothing more.
    if (gate.firstRefusal)
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
  await settleSignIn(db, email, ip);
  await rememberDevice(email);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } });
  await recordAudit(db, commandAudit({ actor: user, tenantId: user.tenantId, ip }, "auth.sign_in", ["user", user.id]));
  return { id: user.id, email: user.email, role: user.role, sv: user.sessionVersion };
}
