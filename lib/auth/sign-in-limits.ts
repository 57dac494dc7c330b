import "server-only";
import { hashOneTimeToken } from "@/lib/crypto/one-time-token";
import {
  clearRateLimits,
  consumeRateLimit,
  releaseRateLimit,
  resetRateLimit,
  type RateDecision,
} from "@/lib/limits/rate-limit";

type SqlRunner = Parameters<typeof consumeRateLimit>[0];

// Checked in this order, each only when the one before passed: one source cannot spend an account's allowance.
export const SIGN_IN_LIMITS = {
  windowSeconds: 15 * 60,
  // Attempts from one source IP, whatever the account (a good password gives its slot back).
  perIp: 30,
  // Attempts from one source IP at one account.
  perIpAndAccount: 10,
  // Attempts at one account from everywhere: high, so one source alone (≤ 10 each) cannot lock its owner out.
  perAccount: 100,
} as const;

export type SignInGate = { ok: true } | { ok: false; firstRefusal: boolean };

// The email is hashed: any input makes a short, safe key.
function keys(email: string, ip: string | null) {
  const account = hashOneTimeToken(email);
  const source = ip ?? "unknown";
  return {
    ip: `sign-in:ip:${source}`,
    pair: `sign-in:pair:${account}:${source}`,
    account: `sign-in:account:${account}`,
    accountPairs: `sign-in:pair:${account}:`,
  };
}

/**
 * Spends one attempt of each limit, atomically, before any password is verified. A known device (a browser that
 * signed in as this email before) skips the account's overall limit, never the per-address ones.
 */
export async function claimSignInAttempt(
  db: SqlRunner,
  attempt: { email: string; ip: string | null; knownDevice: boolean },
): Promise<SignInGate> {
  const k = keys(attempt.email, attempt.ip);
  const { windowSeconds, perIp, perIpAndAccount, perAccount } = SIGN_IN_LIMITS;
  // Without a known source address (lib/request.ts found none) the per-address limits are skipped: one shared
  // "unknown" bucket would let anyone keep everyone out. The account's own limit still holds.
  const steps: [string, number][] = [
    ...(attempt.ip
      ? ([
          [k.ip, perIp],
          [k.pair, perIpAndAccount],
        ] as [string, number][])
      : []),
    ...(attempt.knownDevice ? [] : [[k.account, perAccount] as [string, number]]),
  ];
  for (const [key, limit] of steps) {
    const decision: RateDecision = await consumeRateLimit(db, key, limit, windowSeconds);
    if (!decision.ok) return { ok: false, firstRefusal: decision.firstRefusal };
  }
  return { ok: true };
}

/** A good password: the attempt does not count against the source or the account, and the pair starts again. */
export async function settleSignIn(db: SqlRunner, email: string, ip: string | null): Promise<void> {
  const k = keys(email, ip);
  if (ip) {
    await releaseRateLimit(db, k.ip, SIGN_IN_LIMITS.windowSeconds);
    await resetRateLimit(db, k.pair);
  }
  await releaseRateLimit(db, k.account, SIGN_IN_LIMITS.windowSeconds);
}

/** A completed password reset lifts the account's limits: whoever just chose the password is not guessing it. */
export async function clearSignInLimits(db: SqlRunner, email: string): Promise<void> {
  const k = keys(email, null);
  await resetRateLimit(db, k.account);
  await clearRateLimits(db, k.accountPairs);
}
