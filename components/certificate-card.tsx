import { daysUntil, formatUtc } from "@/lib/dates";

type Certificate = {
  id: string;
  subjectText: string;
  serialHex: string;
  fingerprintSha256: string;
  keySize: number;
  notBefore: Date;
  notAfter: Date;
};


export function CertificateCard({ certificate, compact = false }: { certificate: Certificate; compact?: boolean }) {
  const daysLeft = daysUntil(certificate.notAfter);
  return (
    <div className="rounded-md border border-slate-200 bg-white p-4" aria-label={compact ? `Certificate ${certificate.serialHex}` : "Current certificate"}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="font-medium text-slate-600">Subject</dt>
        <dd data-testid="certificate-subject">{certificate.subjectText}</dd>
        <dt className="font-medium text-slate-600">Valid from</dt>
        <dd>{formatUtc(certificate.notBefore)}</dd>
        <dt className="font-medium text-slate-600">Valid until</dt>
        <dd>
          {formatUtc(certificate.notAfter)}{" "}
          <span className={daysLeft < 30 ? "font-semibold text-red-700" : "text-slate-500"}>
            ({daysLeft < 0 ? "expired" : `${daysLeft} days left`})
          </span>
        </dd>
        <dt className="font-medium text-slate-600">Key</dt>
        <dd>RSA {certificate.keySize} bits, sha256WithRSAEncryption</dd>
        <dt className="font-medium text-slate-600">SHA-256 fingerprint</dt>
        <dd className="break-all font-mono text-xs" data-testid="certificate-fingerprint">
          {certificate.fingerprintSha256}
        </dd>
      </dl>
      <a href={`/api/certificates/${certificate.id}/download`} download="server.crt" className="mt-4 inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
        Download server.crt
      </a>
    </div>
  );
}

// Superseded certificates of a connection, collapsed: kept for reference and download.
export function EarlierCertificates({ certificates }: { certificates: Certificate[] }) {
  if (certificates.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4">
      <summary className="cursor-pointer font-medium">Earlier certificates ({certificates.length})</summary>
      <div className="mt-3 space-y-3">
        {certificates.map((c) => (
          <CertificateCard key={c.id} certificate={c} compact />
        ))}
      </div>
    </details>
  );
}
