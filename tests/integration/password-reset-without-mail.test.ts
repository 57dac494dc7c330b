import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeCustomer } from "../support/factories";

// A portal without SMTP_URL / SMTP_FROM: nobody can be mailed a link, so none is made for self-service, and staff
// get the link to send themselves.
delete process.env.SMTP_URL;
delete process.env.SMTP_FROM;
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { requestPasswordReset } = await import("@/lib/password-resets/request-password-reset");
const { sendPasswordReset } = await import("@/lib/password-resets/send-password-reset");
const { getPasswordResetByToken } = await import("@/lib/password-resets/reset-password");

describe("password reset without a mail server", () => {
  it("tells the requester to ask support, writes no link and audits the request", async () => {
    const { user } = await makeCustomer(getDb());
    const answer = await requestPasswordReset({ email: user.email, ip: "198.51.100.20", baseUrl: "https://p.test" });
    expect(answer).toEqual({ ok: true, delivery: "not_configured" });
    expect(await getDb().passwordReset.count({ where: { userId: user.id } })).toBe(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { action: "password_reset.requested", targetId: user.id },
      select: { details: true },
    });
    expect(audit.details).toEqual({ email: user.email, outcome: "mail_not_configured" });
  });

  it("gives staff the link, once, to send themselves", async () => {
    const { user, tenant } = await makeCustomer(getDb());
    const sent = await sendPasswordReset({
      tenantId: tenant.id,
      userId: user.id,
      actor: { id: randomUUID(), email: "support@example.test" },
      ip: null,
      baseUrl: "https://portal.example.test",
    });
    expect(sent).toMatchObject({ email: user.email, emailed: "not_configured" });
    expect(sent.url).toMatch(/^https:\/\/portal\.example\.test\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect(await getPasswordResetByToken(sent.url!.split("/reset-password/")[1]!)).toMatchObject({ state: "valid" });
  });
});
