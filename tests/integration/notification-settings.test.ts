import { afterEach, describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer, makeStaffUsers } from "../support/factories";

// The settings page's action as the page calls it; only the cookie and Next's request context are stood in for.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.61" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { saveNotificationSettingsAction } = await import("@/app/(portal)/settings/actions");

afterEach(() => {
  session.current = null;
});

async function signInAs(userId: string) {
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  session.current = { uid: userId, sv: sessionVersion };
}

function save(ticked: boolean) {
  const data = new FormData();
  if (ticked) data.set("notifyByEmail", "on");
  return saveNotificationSettingsAction(null, data);
}

const flag = async (id: string) =>
  (await getDb().user.findUniqueOrThrow({ where: { id }, select: { notifyByEmail: true } })).notifyByEmail;
const audits = (id: string) =>
  getDb().auditEvent.findMany({
    where: { targetId: id, action: "user.notifications_changed" },
    select: { details: true, actorId: true },
    orderBy: { createdAt: "asc" },
  });

describe("email notification setting", () => {
  it("is on for a new customer; unticking turns it off, ticking back on, each change audited once", async () => {
    const { user } = await makeCustomer(getDb());
    expect(await flag(user.id)).toBe(true);
    await signInAs(user.id);

    expect(await save(false)).toMatchObject({ ok: true, message: expect.stringContaining("no connection emails") });
    expect(await flag(user.id)).toBe(false);
    expect(await save(false)).toMatchObject({ ok: true });
    expect(await save(true)).toMatchObject({ ok: true, message: expect.stringContaining("You will get an email") });
    expect(await flag(user.id)).toBe(true);
    expect(await audits(user.id)).toEqual([
      { details: { notifyByEmail: false }, actorId: user.id },
      { details: { notifyByEmail: true }, actorId: user.id },
    ]);
  });

  it("changes only the signed-in customer's own setting, and refuses staff and anonymous callers", async () => {
    const { user } = await makeCustomer(getDb());
    const { user: other } = await makeCustomer(getDb());
    await signInAs(other.id);
    await save(false);
    expect(await flag(user.id)).toBe(true);
    expect(await flag(other.id)).toBe(false);

    const { support } = await makeStaffUsers();
    await signInAs(support.id);
    expect(await save(false)).toMatchObject({ ok: false, error: "This page is for customer accounts." });

    session.current = null;
    await expect(save(false)).rejects.toThrow(/NEXT_REDIRECT/);
  });

  it("refuses a value other than a ticked box's", async () => {
    const { user } = await makeCustomer(getDb());
    await signInAs(user.id);
    const data = new FormData();
    data.set("notifyByEmail", "false");
    expect(await saveNotificationSettingsAction(null, data)).toMatchObject({
      ok: false,
      fieldErrors: { notifyByEmail: expect.any(String) },
    });
    expect(await flag(user.id)).toBe(true);
  });
});
