import { randomUUID } from "node:crypto";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { Section } from "@/components/ui/section";
import { countryOptions } from "@/lib/validation/country-codes";
import { CertificateForm } from "./certificate-form";
import { ReplaceCertificate } from "./replace-certificate";

type Certificate = Parameters<typeof CertificateCard>[0]["certificate"] & { subject: unknown };

type Props = {
  connectionId: string;
  certificates: Certificate[];
  // The tenant's name: the Organization Name most customers want.
  organizationName: string;
  // The current certificate is not yet proven by a test: keep the next step in view.
  needsUpload: boolean;
};

// Step 1: the form until there is a certificate; then the certificate, and replacing it as a confirmed side action.
export function CertificateSection({ connectionId, certificates, organizationName, needsUpload }: Props) {
  const [current, ...older] = certificates;
  return (
    <Section id="certificate" title="1. Certificate">
      <CountryCodes />
      {current ? (
        <>
          <CertificateCard certificate={current} nextStep={needsUpload} />
          <ReplaceCertificate key={current.id}>
            <CertificateForm
              connectionId={connectionId}
              requestToken={randomUUID()}
              defaults={current.subject as Record<string, string>}
            />
          </ReplaceCertificate>
        </>
      ) : (
        <>
          <p className="text-slate-600">
            Enter your organization&apos;s details. The portal generates the RSA key pair and a self-signed certificate;
            the private key never leaves the server and is stored encrypted.
          </p>
          <CertificateForm connectionId={connectionId} requestToken={randomUUID()} defaults={{ organizationName }} />
        </>
      )}
      <EarlierCertificates certificates={older} />
    </Section>
  );
}

// Suggestions for the Country Name field (rendered on the server, so the names need no hydration).
function CountryCodes() {
  return (
    <datalist id="iso-country-codes">
      {countryOptions().map(({ code, name }) => (
        <option key={code} value={code}>
          {name}
        </option>
      ))}
    </datalist>
  );
}
