import { CertificateCard } from "@/components/certificate-card";
import { CERTIFICATE_FILENAMES } from "@/lib/crypto/certificate-file";

type Props = { certificate: Parameters<typeof CertificateCard>[0]["certificate"]; audience: "customer" | "staff" };

// A renewal waiting for Salesforce: what to do with the new server.crt, and that nothing stops meanwhile.
export function PendingCertificate({ certificate, audience }: Props) {
  const you = audience === "customer";
  return (
    <section
      aria-label="Pending certificate"
      className="space-y-3 rounded-md border-2 border-amber-300 bg-amber-50 p-4 text-sm text-slate-900"
      data-testid="pending-certificate"
    >
      <h3 className="font-semibold text-amber-950">
        Renewal pending: {you ? "upload" : "the customer uploads"} the new {CERTIFICATE_FILENAMES.pem} to Salesforce
      </h3>
      <ol className="list-decimal space-y-1 pl-5">
        <li>Download the new {CERTIFICATE_FILENAMES.pem} below.</li>
        <li>
          In Salesforce Setup, open the External Client App&apos;s OAuth settings and upload it in place of the old
          certificate. Salesforce holds one certificate per app, so the old one is replaced.
        </li>
        <li>
          Run Test connection. It tries the new key first, then the current one, and says which one Salesforce accepted.
          The first success with the new key puts it in use, and collectors get the new key.
        </li>
      </ol>
      <p>
        Until then the current certificate stays in use and collectors keep its key, so collection does not stop. The
        old key is kept, encrypted, for 7 days after the switch in case you need to roll back, then destroyed.
      </p>
      <CertificateCard certificate={certificate} compact />
    </section>
  );
}
