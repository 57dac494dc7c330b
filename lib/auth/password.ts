import "server-only";
import argon2 from "argon2";

// argon2id with OWASP's second recommended profile (19 MiB, t=2), cheap enough for 2-core hosts.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  // Verify against a throwaway hash when the user does not exist, so timing does not reveal which emails exist.
  const target = hash ?? (await dummyHash());
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null && hash !== undefined;
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= argon2.hash("not-a-real-password-for-timing", OPTIONS);
  return dummy;
}
