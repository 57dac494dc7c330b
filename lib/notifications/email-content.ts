import { checklistStepName } from "@/lib/connections/customer-message";
import { formatUtc } from "@/lib/dates";
import type { Diagnosis } from "@/lib/salesforce/errors";
import type { Audience } from "@/lib/salesforce/errors-audience";
import type { Block, EmailContent } from "./email-layout";
import type { ConnectionEvent } from "./events";

// What each event says, to a customer (their words, their connection page) or to staff (the technical cause, the
// tenant, the support console). Nothing here comes from a key, a token or a Salesforce response body.

export type EventFacts = {
  event: ConnectionEvent;
  audience: Audience;
  connectionName: string;
  tenantName: string;
  /** The connection's page for this audience, absolute. */
  url: string;
  /** The run's diagnosis, already worded for the audience (diagnosisFor). */
  diagnosis: Diagnosis | null;
  summary: string | null;
  /** The test run a customer quotes to support. */
  reference: string | null;
  certificateExpiresAt: Date | null;
};

export function composeEventEmail(facts: EventFacts): EmailContent {
  const name = `“${facts.connectionName}”`;
  const where = facts.audience === "staff" ? ` (tenant ${facts.tenantName})` : "";
  const open: Block = { kind: "link", label: "Open the connection in the portal", url: facts.url };
  switch (facts.event.type) {
    case "connection.failed":
      return {
        subject: `Salesforce connection ${name} is failing${where}`,
        heading: `The Salesforce connection ${name}${where} is failing`,
        blocks: [
          {
            kind: "p",
            text: "The last two tests in a row failed, so log collection from this org may have stopped.",
          },
          ...diagnosisBlocks(facts),
          open,
          { kind: "p", text: "Once it is fixed, click Test connection on that page to check it works." },
        ],
      };
    case "connection.warning":
      return {
        subject: `Salesforce connection ${name} works, with a warning${where}`,
        heading: `The Salesforce connection ${name}${where} works, with a warning`,
        blocks: [
          { kind: "p", text: "The latest test connected, but something limits what the collector can read." },
          ...diagnosisBlocks(facts),
          open,
        ],
      };
    case "connection.recovered":
      return {
        subject: `Salesforce connection ${name} works again${where}`,
        heading: `The Salesforce connection ${name}${where} works again`,
        blocks: [{ kind: "p", text: "The latest test connected. Nothing more to do." }, referenceBlock(facts), open],
      };
    case "certificate.expiring":
      return expiring(facts, facts.event.daysLeft, name, where);
    case "certificate.renewed":
      return {
        subject: `New certificate in use for ${name}${where}`,
        heading: `The new certificate of ${name}${where} is in use`,
        blocks: [
          { kind: "p", text: "Salesforce accepted the new certificate, so the portal now signs with its key." },
          ...expiryField(facts),
          open,
        ],
      };
  }
}

function expiring(facts: EventFacts, daysLeft: number, name: string, where: string): EmailContent {
  const days = `${daysLeft} ${daysLeft === 1 ? "day" : "days"}`;
  return {
    subject: `Certificate of ${name} expires in ${days}${where}`,
    heading: `The certificate of ${name}${where} expires in ${days}`,
    blocks: [
      ...expiryField(facts),
      {
        kind: "p",
        text: `Salesforce keeps accepting an expired certificate for the JWT bearer flow, so log collection does not stop at expiry. Renewing is a matter of ${facts.audience === "staff" ? "the customer's" : "your"} security policy, not an outage.`,
      },
      {
        kind: "p",
        text: "To renew: open the connection's certificate section and follow its steps. The new server.crt goes to the External Client App in place of the old one (Salesforce holds one certificate per app); then click Test connection.",
      },
      // Straight to the open renewal form on the customer's page; staff on the connection's certificates (renewal form included).
      {
        kind: "link",
        label: "Renew the certificate",
        url: facts.audience === "customer" ? `${facts.url}?renew=1#certificate` : `${facts.url}#certificates`,
      },
    ],
  };
}

function diagnosisBlocks(facts: EventFacts): Block[] {
  const d = facts.diagnosis;
  if (!d) return [{ kind: "p", text: facts.summary ?? "The test did not say why." }, referenceBlock(facts)];
  const step = facts.audience === "customer" ? checklistStepName(d.checklistStep) : null;
  return [
    { kind: "field", label: "What is wrong", text: d.title.replace(/[.\s]+$/, "") },
    { kind: "field", label: "Why", text: d.cause },
    { kind: "field", label: "What to do", text: d.fix },
    ...(step ? [{ kind: "p" as const, text: `This is done in ${step} of the Salesforce setup checklist.` }] : []),
    ...(facts.audience === "staff" ? [{ kind: "field" as const, label: "Error code", text: d.code }] : []),
    referenceBlock(facts),
  ];
}

function referenceBlock(facts: EventFacts): Block {
  return facts.reference
    ? { kind: "field", label: "Test reference", text: facts.reference }
    : { kind: "p", text: "No test run is on record for this event." };
}

function expiryField(facts: EventFacts): Block[] {
  const at = facts.certificateExpiresAt;
  return at ? [{ kind: "field", label: "Certificate expires on", text: formatUtc(at) }] : [];
}
