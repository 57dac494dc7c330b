import { describe, expect, it, vi } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// A server action is reachable by anyone who knows its id, with whatever arguments the action protocol carries.
// Anything but a form must get an answer, never an exception (a 500), and change nothing.
const session = vi.hoisted(() => ({ current: null as null | { uid: string; sv: number } }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.current }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "203.0.113.61" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { acceptInvitationAction } = await import("@/app/(auth)/invite/[token]/actions");
const { requestPasswordResetAction } = await import("@/app/(auth)/forgot-password/actions");
const { createConnectionAction } = await import("@/app/(portal)/connections/actions");

const NOT_FORMS: unknown[] = [null, undefined, "name=Production", 42, { name: "Production" }, ["name", "x"], {}];

describe("server actions called with something other than a form", () => {
  it("answer with an error and change nothing, public and signed-in alike", async () => {
    const { user, tenant } = await makeCustomer(getDb());
    session.current = { uid: user.id, sv: 0 };
    const before = await getDb().connection.count({ where: { tenantId: tenant.id } });
    const actions = [acceptInvitationAction, requestPasswordResetAction, createConnectionAction] as unknown as ((
      previous: unknown,
      input: unknown,
    ) => Promise<{ ok: boolean; error?: string }>)[];
    for (const action of actions) {
      for (const input of NOT_FORMS) {
        const result = await action(null, input);
        expect(result, `${action.name}(${JSON.stringify(input)})`).toMatchObject({ ok: false });
        expect(result.error).toBe("Send the form's fields as form data.");
      }
    }
    expect(await getDb().connection.count({ where: { tenantId: tenant.id } })).toBe(before);
  });
});
