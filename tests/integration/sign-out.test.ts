import { describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// The cookie as next-auth decodes it; the database decides whether it still counts.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { getAuthOptions } = await import("@/lib/auth/options");
const { getCurrentUser } = await import("@/lib/auth/session");

async function signOut(cookie: { uid: string; sv: number }) {
  const signOutEvent = getAuthOptions().events!.signOut!;
  await signOutEvent({ token: cookie, session: {} as never });
}

describe("sign-out", () => {
  it("ends the session at once: the same cookie replayed afterwards is refused, and the sign-out is audited", async () => {
    const { user } = await makeCustomer(getDb());
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({
      where: { id: user.id },
      select: { sessionVersion: true },
    });
    const cookie = { uid: user.id, sv: sessionVersion };
    session.current = cookie;
    expect(await getCurrentUser()).toMatchObject({ id: user.id });

    await signOut(cookie);
    expect(await getCurrentUser()).toBeNull();
    expect(await getDb().auditEvent.count({ where: { action: "auth.sign_out", targetId: user.id } })).toBe(1);

    // Replaying the dead cookie's sign-out changes nothing more: a fresh sign-in stays valid.
    const fresh = { uid: user.id, sv: sessionVersion + 1 };
    await signOut(cookie);
    session.current = fresh;
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    expect(await getDb().auditEvent.count({ where: { action: "auth.sign_out", targetId: user.id } })).toBe(1);
  });
});
