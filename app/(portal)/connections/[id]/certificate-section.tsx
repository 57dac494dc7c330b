import { randomUUID } from "node:crypto";
import { CertificateCard, EarlierCertificates } from "@/components/certificate-card";
import { PendingCertificate } from "@/components/pending-certificate";
import { RestoreCertificateForm } from "@/components/restore-certificate-form";
import { certificatesByState } from "@/lib/connections/certificate-states";
import { countryOptions } from "@/lib/validation/country-codes";
import { restoreCertificateAction } from "./actions";
import { CertificateForm } from "./certificate-form";
import { RenewCertificate } from "./renew-certificate";
import { ReplaceCertificate } from "./replace-certificate";

type Certificate = Parameters<typeof EarlierCertificates>[0]["certificates"][number] & {
  subject: unknown;
  status: "active" | "pending" | "retired";
};

type Props = {
  connectionId: string;
  certificates: Certificate[];
  // The tenant's name: the Organization Name most customers want.
  organizationName: string;
  // The current certificate is not yet proven by a test: keep the next step in view.
  needsUpload: boolean;
  // Arrived from the expiry reminder's "Renew the certificate" link: the renewal form is open.
  renewing?: boolean;
};

// Step 2 (the page wraps it in its section): the form until there is a certificate; then the certificate in use, a pending renewal, renewing (no gap)
// and replacing (breaks until uploaded, so confirmed first) as side actions.
export function CertificateSection({ connectionId, certificates, organizationName, needsUpload, renewing }: Props) {
  const { active: current, pending, retired: older } = certificatesByState(certificates);
  const defaults = (current?.subject ?? {}) as Record<string, string>;
  return (
    <>
      <CountryCodes />
      {current ? (
        <>
          <CertificateCard certificate={current} nextStep={needsUpload && !pending} />
          {pending ? <PendingCertificate certificate={pending} audience="customer" /> : null}
          <div className="flex flex-wrap items-start gap-3">
            <RenewCertificate
              key={`renew-${pending?.id ?? current.id}`}
              pending={Boolean(pending)}
              initiallyOpen={renewing && !pending}
            >
              <CertificateForm connectionId={connectionId} requestToken={randomUUID()} defaults={defaults} renew />
            </RenewCertificate>
            <ReplaceCertificate key={current.id}>
              <CertificateForm connectionId={connectionId} requestToken={randomUUID()} defaults={defaults} />
            </ReplaceCertificate>
          </div>
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
      <EarlierCertificates
        certificates={older}
        restore={(certificateId) => (
          <RestoreCertificateForm
            action={restoreCertificateAction}
            connectionId={connectionId}
            certificateId={certificateId}
          />
        )}
      />
    </>
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
