import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setupTestEnvironment } from "../support/env";
import { makeConnection, makeCustomer } from "../support/factories";
import { fakeSmtp, mailHtml, mailText } from "../support/fake-smtp";

// Every notification email through a real SMTP conversation (the fake sink) and a real database: who gets it, in
// which wording, text and HTML, escaped, and with nothing secret in it.
const REFUSED = "bounced@ops.test";
const smtp = await fakeSmtp({ accept: (to) => to !== REFUSED });
process.env.SMTP_URL = smtp.url;
process.env.SMTP_FROM = "Portal <noreply@portal.test>";
process.env.NEXTAUTH_URL = "https://portal.example.test/";
process.env.PORTAL_STAFF_NOTIFY = `oncall@ops.test, ${REFUSED}`;
process.env.KEY_POOL_SIZE = "0";
setupTestEnvironment();
const { getDb } = await import("@/lib/db/client");
const { sendConnectionEvent } = await import("@/lib/notifications/send-connection-event");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
const { TOKEN_CATALOGUE } = await import("@/lib/salesforce/errors-catalogue");
const { OUTBOUND_ADVICE } = await import("@/lib/salesforce/errors");

afterAll(async () => {
  await smtp.close();
  for (const v of ["SMTP_URL", "SMTP_FROM", "NEXTAUTH_URL", "PORTAL_STAFF_NOTIFY"]) delete process.env[v];
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const HOSTILE = `<script>alert("x")</script> & 'Co'`;
const db = () => getDb();
let tenantId: string;
let connectionId: string;
let optedIn: string;
let optedOut: string;
let disabled: string;
let stranger: string;
let privateKeyEnvelope: string;

async function addCustomer(tenant: string, data: { notifyByEmail?: boolean; disabledAt?: Date } = {}) {
  const email = `c-${randomBytes(4).toString("hex")}@customer.test`;
  await db().user.create({ data: { id: randomUUID(), email, role: "customer", tenantId: tenant, ...data } });
  return email;
}

async function addRun(outcome: "failed" | "warnings" | "connected", advice?: object) {
  const step = advice
    ? {
        name: "token",
        status: outcome === "failed" ? "failed" : "warning",
        message: "x",
        durationMs: 5,
        diagnosis: advice,
      }
    : { name: "token", status: "ok", message: "ok", durationMs: 5 };
  const run = await db().testRun.create({
    data: { id: randomUUID(), connectionId, tenantId, outcome, steps: [step], finishedAt: new Date() },
    select: { id: true },
  });
  await db().connection.update({ where: { id: connectionId }, data: { lastTestRunId: run.id } });
  return run.id;
}

const byRecipient = (to: string) => smtp.messages.filter((m) => m.to === to);
const only = (to: string) => {
  const mails = byRecipient(to);
  expect(mails).toHaveLength(1);
  return { text: mailText(mails[0]!.data), html: mailHtml(mails[0]!.data), raw: mails[0]!.data };
};

beforeAll(async () => {
  const { user, tenant } = await makeCustomer(db());
  tenantId = tenant.id;
  optedIn = user.email;
  optedOut = await addCustomer(tenantId, { notifyByEmail: false });
  disabled = await addCustomer(tenantId, { disabledAt: new Date() });
  stranger = (await makeCustomer(db())).user.email;
  connectionId = (await makeConnection(db(), tenantId, HOSTILE)).id;
  const certificate = await generateCertificateForConnection({
    tenantId,
    connectionId,
    request: {
      countryName: "US",
      stateOrProvince: "CA",
      locality: "SF",
      organizationName: "Acme",
      commonName: "Acme",
      validityDays: 30,
      keySize: 2048,
    },
    requestToken: randomUUID(),
    actor: null,
    ip: null,
  });
  const stored = await db().certificate.findUniqueOrThrow({
    where: { id: certificate.id },
    select: { encryptedPrivateKey: true },
  });
  // An active certificate always has its key (only a retired one's may be destroyed).
  privateKeyEnvelope = stored.encryptedPrivateKey!;
}, 60_000);

describe("notification emails", () => {
  it.each([
    ["connection.failed", "is failing"],
    ["connection.warning", "works, with a warning"],
    ["connection.recovered", "works again"],
    ["certificate.expiring", "expires in 7 days"],
    ["certificate.renewed", "is in use"],
  ] as const)("%s reaches the opted-in customer and the staff list, in text and HTML", async (type, words) => {
    if (type !== "certificate.expiring" && type !== "certificate.renewed")
      await addRun(
        type === "connection.recovered" ? "connected" : type === "connection.failed" ? "failed" : "warnings",
        type === "connection.recovered" ? undefined : TOKEN_CATALOGUE[0]!.advice,
      );
    const event =
      type === "certificate.expiring" ? { type, connectionId, daysLeft: 7 as const } : { type, connectionId };
    const result = await sendConnectionEvent(db(), event);
    expect(result).toEqual({
      status: "sent",
      deliveries: [
        { to: optedIn, audience: "customer", outcome: "sent" },
        { to: "oncall@ops.test", audience: "staff", outcome: "sent" },
        { to: REFUSED, audience: "staff", outcome: "failed" },
      ],
    });
    expect(smtp.messages.map((m) => m.to).sort()).toEqual([optedIn, "oncall@ops.test"].sort());
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { action: "notification.emailed", targetId: connectionId },
      orderBy: { createdAt: "desc" },
      select: { details: true, tenantId: true, actorId: true },
    });
    expect(audit).toEqual({
      details: { event: type, sent: [optedIn, "oncall@ops.test"], failed: [REFUSED] },
      tenantId,
      actorId: null,
    });
    for (const absent of [optedOut, disabled, stranger]) expect(byRecipient(absent)).toEqual([]);
    const customer = only(optedIn);
    const staff = only("oncall@ops.test");
    expect(customer.text).toContain(words);
    expect(customer.html).toContain(words);
    expect(customer.text).toContain(`https://portal.example.test/connections/${connectionId}`);
    expect(customer.html).toContain(`href="https://portal.example.test/connections/${connectionId}`);
    expect(staff.text).toContain(`https://portal.example.test/support/connections/${connectionId}`);
    expect(staff.text).not.toContain(`https://portal.example.test/connections/`);
  });

  it("escapes a hostile connection name in the HTML and keeps the subject on one line", async () => {
    await sendConnectionEvent(db(), { type: "certificate.renewed", connectionId });
    const { text, html, raw } = only(optedIn);
    expect(text).toContain(HOSTILE);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;Co&#39;");
    expect(raw).not.toMatch(/^Bcc:/im);
  });

  it("words a failure for each reader: the customer's fix and checklist step, or 'on our side'; staff see the cause", async () => {
    const advice = TOKEN_CATALOGUE.find((r) => r.advice.code === "user_not_admin_approved")!.advice;
    const runId = await addRun("failed", advice);
    await sendConnectionEvent(db(), { type: "connection.failed", connectionId, testRunId: runId });
    const customer = only(optedIn).text;
    expect(customer).toContain(`What to do: ${advice.fix}`);
    expect(customer).toContain(`Why: ${advice.cause}`);
    expect(customer).toMatch(/This is done in step \d+, “[^”]+” of the Salesforce setup checklist/);
    expect(customer).toContain(`Test reference: ${runId}`);
    expect(only("oncall@ops.test").text).toContain("Error code: user_not_admin_approved");

    smtp.messages.length = 0;
    const timeout = { ...OUTBOUND_ADVICE.timeout, cause: "No answer from login.salesforce.com within 20 s" };
    await sendConnectionEvent(db(), {
      type: "connection.failed",
      connectionId,
      testRunId: await addRun("failed", timeout),
    });
    const ours = only(optedIn).text;
    expect(ours).toContain("This is on our side, not in your Salesforce setup");
    expect(ours).not.toContain("login.salesforce.com");
    expect(ours).not.toContain("Error code");
    const technical = only("oncall@ops.test").text;
    expect(technical).toContain("Why: No answer from login.salesforce.com within 20 s");
    expect(technical).toContain(`What to do: ${OUTBOUND_ADVICE.timeout.fix}`);
  });

  it("says that Salesforce keeps accepting an expired certificate, and links to the renewal", async () => {
    await sendConnectionEvent(db(), { type: "certificate.expiring", connectionId, daysLeft: 30 });
    const { text, html } = only(optedIn);
    expect(text).toContain("expires in 30 days");
    expect(text).toMatch(/Certificate expires on: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(text).toContain("Salesforce keeps accepting an expired certificate for the JWT bearer flow");
    expect(text).toContain("log collection does not stop at expiry");
    expect(text).not.toMatch(/collection (will )?stops?/i);
    // Straight to the open "Renew certificate" form (the page reads ?renew=1); staff land on the certificates.
    expect(html).toContain(`href="https://portal.example.test/connections/${connectionId}?renew=1#certificate"`);
    expect(only("oncall@ops.test").html).toContain(
      `href="https://portal.example.test/support/connections/${connectionId}#certificates"`,
    );
  });

  it("puts no secret in any mail: no key, no key envelope, no SMTP password, no master key", async () => {
    await addRun("failed", TOKEN_CATALOGUE[0]!.advice);
    for (const event of [
      { type: "connection.failed", connectionId },
      { type: "certificate.expiring", connectionId, daysLeft: 1 },
      { type: "certificate.renewed", connectionId },
    ] as const)
      await sendConnectionEvent(db(), event);
    expect(smtp.messages).toHaveLength(6);
    const all = smtp.messages.map((m) => `${m.data}\n${mailText(m.data)}\n${mailHtml(m.data)}`).join("\n");
    expect(all).not.toContain("PRIVATE KEY");
    expect(all).not.toContain(privateKeyEnvelope.slice(-40));
    expect(all).not.toContain("s3cret");
    expect(all).not.toContain(process.env.PORTAL_MASTER_KEY!);
    expect(all).not.toContain(process.env.NEXTAUTH_SECRET!);
  });

  it("sends a customer who is also on the staff list one email, the staff one", async () => {
    const { tenant } = await makeCustomer(db());
    await db().user.create({
      data: { id: randomUUID(), email: "oncall@ops.test", role: "customer", tenantId: tenant.id },
    });
    const other = await makeConnection(db(), tenant.id);
    const result = await sendConnectionEvent(db(), { type: "certificate.renewed", connectionId: other.id });
    expect(result.status === "sent" && result.deliveries.filter((d) => d.to === "oncall@ops.test")).toEqual([
      { to: "oncall@ops.test", audience: "staff", outcome: "sent" },
    ]);
    expect(only("oncall@ops.test").text).toContain(`/support/connections/${other.id}`);
  });

  it("sends nothing for a connection that does not exist", async () => {
    expect(await sendConnectionEvent(db(), { type: "certificate.renewed", connectionId: randomUUID() })).toEqual({
      status: "no_connection",
    });
    expect(smtp.messages).toEqual([]);
  });
});
