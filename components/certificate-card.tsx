import type { ReactNode } from "react";
import { DefinitionList } from "@/components/ui/definition-list";
import {
  certificateSize,
  CERTIFICATE_FILENAMES,
  SALESFORCE_MAX_CERTIFICATE_BYTES,
  type CertificateSize,
} from "@/lib/crypto/certificate-file";
import { daysUntil, formatUtc } from "@/lib/dates";

type Certificate = {
  id: string;
  subjectText: string;
  serialHex: string;
  fingerprintSha256: string;
  keySize: number;
  notBefore: Date;
  notAfter: Date;
  certificatePem: string;
};

const PRIMARY = "inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800";
const SECONDARY =
  "inline-block rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50";

const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;

// Only certificates generated before the subject byte limits can be this large.
function tooLargeNotice(size: CertificateSize): string {
  const pem = `This certificate's PEM is ${bytes(size.pemBytes)}; Salesforce refuses files over 4 KB (${bytes(SALESFORCE_MAX_CERTIFICATE_BYTES)})`;
  if (size.uploadFormat === "der")
    return `${pem}, so upload ${CERTIFICATE_FILENAMES.der} instead: the same certificate in DER, ${bytes(size.derBytes)}.`;
  return `${pem}, and even in DER it is ${bytes(size.derBytes)}. Generate a new certificate: the form now keeps every certificate under 4 KB.`;
}

type CardProps = { certificate: Certificate; compact?: boolean; nextStep?: boolean };

// `nextStep`: until the certificate is proven in Salesforce, the download sits in a callout that says what to do next.
export function CertificateCard({ certificate, compact = false, nextStep = false }: CardProps) {
  const size = certificateSize(certificate.certificatePem);
  const download = `/api/certificates/${certificate.id}/download`;
  const pemLink = (
    <a href={download} download={CERTIFICATE_FILENAMES.pem} className={`mt-4 ${PRIMARY}`}>
      Download {CERTIFICATE_FILENAMES.pem}
    </a>
  );
  return (
    <div
      className="rounded-md border border-slate-200 bg-white p-4"
      aria-label={compact ? `Certificate ${certificate.serialHex}` : "Current certificate"}
    >
      <DefinitionList
        items={[
          { term: "Subject", definition: certificate.subjectText, testId: "certificate-subject" },
          { term: "Valid from", definition: formatUtc(certificate.notBefore) },
          { term: "Valid until", definition: <ValidUntil notAfter={certificate.notAfter} /> },
          { term: "Key", definition: `RSA ${certificate.keySize} bits, sha256WithRSAEncryption` },
          {
            term: "SHA-256 fingerprint",
            definition: certificate.fingerprintSha256,
            mono: true,
            testId: "certificate-fingerprint",
          },
        ]}
      />
      {size.uploadFormat === "pem" && nextStep ? (
        <div className="mt-4 rounded-md border-2 border-blue-300 bg-blue-50 p-4 text-sm" data-testid="next-step">
          <p className="font-semibold text-blue-900">Next step: upload {CERTIFICATE_FILENAMES.pem} to Salesforce</p>
          <p className="mt-1 text-slate-800">
            By hand: download it, then in your External Client App turn on Enable JWT Bearer Flow and upload it there
            (step 3, Salesforce setup). With the CLI, the Salesforce bundle carries it: nothing to upload.
          </p>
          {pemLink}
        </div>
      ) : size.uploadFormat === "pem" ? (
        pemLink
      ) : (
        <>
          <p
            className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="certificate-size-notice"
          >
            {tooLargeNotice(size)}
          </p>
          <div className="mt-4 flex flex-wrap gap-3">
            <a
              href={`${download}?format=der`}
              download={CERTIFICATE_FILENAMES.der}
              className={size.uploadFormat === "der" ? PRIMARY : SECONDARY}
            >
              Download {CERTIFICATE_FILENAMES.der} (DER)
            </a>
            <a href={download} download={CERTIFICATE_FILENAMES.pem} className={SECONDARY}>
              Download {CERTIFICATE_FILENAMES.pem}
            </a>
          </div>
        </>
      )}
    </div>
  );
}

function ValidUntil({ notAfter }: { notAfter: Date }) {
  const daysLeft = daysUntil(notAfter);
  const left = `${daysLeft} ${daysLeft === 1 ? "day" : "days"} left`;
  return (
    <>
      {formatUtc(notAfter)}{" "}
      <span className={daysLeft < 30 ? "font-semibold text-red-700" : "text-slate-500"}>
        ({daysLeft < 0 ? "expired" : left})
      </span>
    </>
  );
}

type Retired = Certificate & { retiredAt?: Date | null; keyDestroyedAt?: Date | null };

// Superseded certificates of a connection, collapsed: kept for reference and download, with what became of the key.
// `restore`: the rollback form for a certificate whose key is still kept (absent: not offered).
export function EarlierCertificates({
  certificates,
  restore,
}: {
  certificates: Retired[];
  restore?: (certificateId: string) => ReactNode;
}) {
  if (certificates.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-medium">Earlier certificates ({certificates.length})</summary>
      <div className="mt-3 space-y-3">
        {certificates.map((c) => (
          <div key={c.id} className="space-y-1">
            {c.retiredAt ? <p className="text-sm text-slate-600">{retiredWords(c)}</p> : null}
            <CertificateCard certificate={c} compact />
            {restore && c.retiredAt && !c.keyDestroyedAt ? restore(c.id) : null}
          </div>
        ))}
      </div>
    </details>
  );
}

// 7 days: RETIRED_KEY_DAYS in lib/connections/retired-keys.ts (server-only, so not imported here).
const KEPT_MS = 7 * 24 * 3600 * 1000;

function retiredWords(c: Retired): string {
  const retired = `Retired ${formatUtc(c.retiredAt as Date)}`;
  if (c.keyDestroyedAt) return `${retired}; its private key was destroyed ${formatUtc(c.keyDestroyedAt)}.`;
  const until = new Date((c.retiredAt as Date).getTime() + KEPT_MS);
  return `${retired}; its private key is kept, encrypted, for rollback until ${formatUtc(until)}, then destroyed.`;
}
