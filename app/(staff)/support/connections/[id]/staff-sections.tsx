import type { ReactNode } from "react";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { PendingCertificate } from "@/components/pending-certificate";
import { certificatesByState } from "@/lib/connections/certificate-states";
import { DefinitionList } from "@/components/ui/definition-list";
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

type Certificate = Parameters<typeof EarlierCertificates>[0]["certificates"][number] & {
  status: "active" | "pending" | "retired";
};

// `renew` and `restore`: the renew and rollback forms, for staff holding certificates:renew-any (absent: not shown).
export function StaffCertificates({
  certificates,
  renew,
  restore,
}: {
  certificates: Certificate[];
  renew: ReactNode;
  restore?: (certificateId: string) => ReactNode;
}) {
  const { active: current, pending, retired: older } = certificatesByState(certificates);
  if (!current)
    return <p className="text-sm text-slate-600">No certificate yet: the customer has not generated one.</p>;
  return (
    <>
      <CertificateCard certificate={current} />
      {pending ? <PendingCertificate certificate={pending} audience="staff" /> : null}
      {renew}
      <EarlierCertificates certificates={older} {...(restore ? { restore } : {})} />
    </>
  );
}
