import { randomUUID } from "node:crypto";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { Section } from "@/components/ui/section";
import { CertificateForm } from "./certificate-form";

type Certificate = Parameters<typeof CertificateCard>[0]["certificate"] & { subject: unknown };

// Step 1: the form until there is a certificate; then the certificate, with the form folded away for a new one.
export function CertificateSection({
  connectionId,
  certificates,
}: {
  connectionId: string;
  certificates: Certificate[];
}) {
  const [current, ...older] = certificates;
  return (
    <Section id="certificate" title="1. Certificate">
      {current ? (
        <>
          <CertificateCard certificate={current} />
          <details className="rounded-md border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer font-medium">Generate a new certificate</summary>
            <p className="my-3 text-sm text-slate-600">
              A new key pair replaces the current one for Test connection. Upload the new server.crt to your External
              Client App afterwards.
            </p>
            <CertificateForm
              connectionId={connectionId}
              requestToken={randomUUID()}
              defaults={current.subject as Record<string, string>}
            />
          </details>
        </>
      ) : (
        <>
          <p className="text-slate-600">
            Enter your organization&apos;s details. The portal generates the RSA key pair and a self-signed certificate;
            the private key never leaves the server and is stored encrypted.
          </p>
          <CertificateForm connectionId={connectionId} requestToken={randomUUID()} />
        </>
      )}
      <EarlierCertificates certificates={older} />
    </Section>
  );
}
