import { describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";
import { fakeSmtp } from "../support/fake-smtp";

// SMTP is set but NEXTAUTH_URL is not: a notification could not link to the connection, so none is sent, and the
// result names what is missing (the scheduler records it instead of retrying).
const smtp = await fakeSmtp();
process.env.SMTP_URL = smtp.url;
process.env.SMTP_FROM = "Portal <noreply@portal.test>";
delete process.env.NEXTAUTH_URL;
process.env.PORTAL_STAFF_NOTIFY = "oncall@ops.test";
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { sendConnectionEvent } = await import("@/lib/notifications/send-connection-event");

describe("notification emails without the portal's public URL", () => {
  it("sends nothing and says NEXTAUTH_URL is missing", async () => {
    const { tenant } = await makeCustomer(getDb());
    const { id } = await makeConnection(getDb(), tenant.id);
    expect(await sendConnectionEvent(getDb(), { type: "certificate.renewed", connectionId: id })).toEqual({
      status: "not_configured",
      missing: ["NEXTAUTH_URL"],
    });
    expect(smtp.received).toEqual([]);
    await smtp.close();
    for (const v of ["SMTP_URL", "SMTP_FROM", "PORTAL_STAFF_NOTIFY"]) delete process.env[v];
  });
});
