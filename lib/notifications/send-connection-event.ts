import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { isUuid } from "@/lib/db/tenant";
import { getEnv } from "@/lib/env";
import { testRunSelect, toTestRunView } from "@/lib/connections/test-run-view";
import { mailErrorText } from "@/lib/mail/send";
import { openMailer } from "@/lib/mail/transport";
import { configuredBaseUrl } from "@/lib/portal-url";
import type { Audience } from "@/lib/salesforce/errors-audience";
import { composeEventEmail, type EventFacts } from "./email-content";
import { renderEmail } from "./email-layout";
import type { ConnectionEvent } from "./events";
import { log } from "@/lib/log";

type Delivery = { to: string; audience: Audience; outcome: "sent" | "failed" };

export type EventMailResult =
  | { status: "sent"; deliveries: Delivery[] }
  // No SMTP_URL/SMTP_FROM, or no NEXTAUTH_URL to link to: nothing is sent, and the caller may record why.
  | { status: "not_configured"; missing: string[] }
  | { status: "no_connection" };

// The one entry point for the scheduler: emails one event to the tenant's customers who opted in and to
// PORTAL_STAFF_NOTIFY, one message per person (nobody sees the other recipients). A failed recipient is reported,
// never thrown, so one bad mailbox does not stop the others; retrying is the caller's choice.
export async function sendConnectionEvent(db: Db, event: ConnectionEvent): Promise<EventMailResult> {
  const { SMTP_URL, SMTP_FROM, PORTAL_STAFF_NOTIFY } = getEnv();
  const baseUrl = configuredBaseUrl();
  const missing = [!SMTP_URL && "SMTP_URL", !SMTP_FROM && "SMTP_FROM", !baseUrl && "NEXTAUTH_URL"].filter(
    (m): m is string => Boolean(m),
  );
  if (!SMTP_URL || !SMTP_FROM || !baseUrl) return { status: "not_configured", missing };
  if (!isUuid(event.connectionId)) return { status: "no_connection" };
  const connection = await db.connection.findUnique({
    where: { id: event.connectionId },
    select: {
      id: true,
      name: true,
      tenantId: true,
      lastTestRunId: true,
      certificateExpiresAt: true,
      tenant: { select: { name: true } },
    },
  });
  if (!connection) return { status: "no_connection" };
  const [customers, run] = await Promise.all([
    db.user.findMany({
      where: { tenantId: connection.tenantId, role: "customer", disabledAt: null, notifyByEmail: true },
      select: { email: true },
      orderBy: { email: "asc" },
    }),
    findRun(db, event, connection),
  ]);
  const facts = (audience: Audience): EventFacts => {
    const view = run ? toTestRunView(run, audience) : null;
    const path = audience === "customer" ? "/connections/" : "/support/connections/";
    return {
      event,
      audience,
      connectionName: connection.name,
      tenantName: connection.tenant.name,
      url: `${baseUrl}${path}${connection.id}`,
      diagnosis: view?.diagnosis ?? null,
      summary: view?.summary ?? null,
      reference: run?.id ?? null,
      certificateExpiresAt: connection.certificateExpiresAt,
    };
  };
  // An address on the staff list that is also a customer's gets one email, in the staff wording.
  const staff = new Set(PORTAL_STAFF_NOTIFY.map((a) => a.toLowerCase()));
  const recipients: { to: string; audience: Audience }[] = [
    ...customers
      .filter((c) => !staff.has(c.email.toLowerCase()))
      .map((c) => ({ to: c.email, audience: "customer" as const })),
    ...[...staff].map((to) => ({ to, audience: "staff" as const })),
  ];
  const content = { customer: composeEventEmail(facts("customer")), staff: composeEventEmail(facts("staff")) };
  const mailer = openMailer(SMTP_URL, SMTP_FROM);
  const deliveries: Delivery[] = [];
  try {
    for (const r of recipients) {
      try {
        await mailer.send(renderEmail(r.to, content[r.audience]));
        deliveries.push({ ...r, outcome: "sent" });
      } catch (error) {
        log.error(
          { component: "notifications", event: event.type, err: mailErrorText(error) },
          "notification email failed",
        );
        deliveries.push({ ...r, outcome: "failed" });
      }
    }
  } finally {
    mailer.close();
  }
  // Support can answer "did they get the email?" from the connection's activity.
  const to = (outcome: Delivery["outcome"]) => deliveries.filter((d) => d.outcome === outcome).map((d) => d.to);
  await recordAudit(db, {
    action: "notification.emailed",
    actor: null,
    tenantId: connection.tenantId,
    target: ["connection", connection.id],
    details: { event: event.type, sent: to("sent"), failed: to("failed") },
  });
  return { status: "sent", deliveries };
}

// Test events carry their run; certificate events say nothing about one.
async function findRun(db: Db, event: ConnectionEvent, connection: { id: string; lastTestRunId: string | null }) {
  if (event.type.startsWith("certificate.")) return null;
  const id = ("testRunId" in event ? event.testRunId : undefined) ?? connection.lastTestRunId;
  if (!id || !isUuid(id)) return null;
  return db.testRun.findFirst({ where: { id, connectionId: connection.id }, select: testRunSelect });
}
