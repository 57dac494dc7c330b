import { missingForTest } from "@/lib/connections/readiness";
import type { ReactNode } from "react";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { TestConnectionPanel } from "@/components/test-connection-panel";
import { DefinitionList } from "@/components/ui/definition-list";
import { Section } from "@/components/ui/section";
import { formatUtc } from "@/lib/dates";

type Fields = {
  id: string;
  tenant: { name: string };
  environment: string | null;
  username: string | null;
  clientId: string | null;
  instanceUrl: string | null;
  apiVersion: string | null;
  lastTestedAt: Date | null;
  createdAt: Date;
  tokenHost: string | null;
  audience: string | null;
};

export function StaffTestSection({ connection, hasCertificate }: { connection: Fields; hasCertificate: boolean }) {
  const missing = missingForTest({ ...connection, certificate: hasCertificate || null }, "staff");
  return (
    <Section
      id="test"
      title="Test connection"
      description="Runs the live test against the customer's org, recorded as you."
    >
      <TestConnectionPanel connectionId={connection.id} linkSteps={false} disabledReason={missing} />
    </Section>
  );
}

export function ConnectionFields({ connection }: { connection: Fields }) {
  return (
    <DefinitionList
      boxed
      items={[
        { term: "Tenant", definition: connection.tenant.name },
        { term: "Environment", definition: connection.environment },
        { term: "Salesforce username", definition: connection.username },
        { term: "Consumer key (client id)", definition: connection.clientId, mono: true },
        { term: "Instance URL", definition: connection.instanceUrl },
        { term: "API version", definition: connection.apiVersion },
        { term: "Last tested", definition: connection.lastTestedAt ? formatUtc(connection.lastTestedAt) : "Never" },
        { term: "Created", definition: formatUtc(connection.createdAt) },
      ]}
    />
  );
}

export function SavedPair({ connection }: { connection: Fields }) {
  if (!connection.tokenHost && !connection.audience)
    return <p className="text-sm text-slate-600">None saved yet: the pair is saved by the first successful test.</p>;
  return (
    <DefinitionList
      boxed
      label="Saved host and audience pair"
      items={[
        { term: "Token host", definition: connection.tokenHost, mono: true },
        { term: "Audience", definition: connection.audience, mono: true },
      ]}
    />
  );
}

type Certificate = Parameters<typeof CertificateCard>[0]["certificate"];

export function StaffCertificates({ certificates }: { certificates: Certificate[] }): ReactNode {
  const [current, ...older] = certificates;
  if (!current)
    return <p className="text-sm text-slate-600">No certificate yet: the customer has not generated one.</p>;
  return (
    <>
      <CertificateCard certificate={current} />
      <EarlierCertificates certificates={older} />
    </>
  );
}
