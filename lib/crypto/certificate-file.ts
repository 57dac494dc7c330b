import { X509Certificate } from "node:crypto";

// Salesforce refuses an uploaded certificate file over 4 KB (docs/salesforce.md §1); DER is the same certificate in about 3/4 the bytes.
export const SALESFORCE_MAX_CERTIFICATE_BYTES = 4096;

export type CertificateFormat = "pem" | "der";

export type CertificateFile = {
  format: CertificateFormat;
  filename: string;
  contentType: string;
  body: string | Uint8Array<ArrayBuffer>;
};

/** uploadFormat: what to upload to Salesforce; null when even DER is over the limit (only a new certificate helps). */
export type CertificateSize = { pemBytes: number; derBytes: number; uploadFormat: CertificateFormat | null };

export const CERTIFICATE_FILENAMES: Record<CertificateFormat, string> = { pem: "server.crt", der: "server.der" };

export function certificateSize(pem: string): CertificateSize {
  const pemBytes = Buffer.byteLength(pem, "utf8");
  const derBytes = toDer(pem).length;
  const uploadFormat =
    pemBytes <= SALESFORCE_MAX_CERTIFICATE_BYTES ? "pem" : derBytes <= SALESFORCE_MAX_CERTIFICATE_BYTES ? "der" : null;
  return { pemBytes, derBytes, uploadFormat };
}

export function certificateFile(pem: string, format: CertificateFormat): CertificateFile {
  if (format === "pem")
    return { format, filename: CERTIFICATE_FILENAMES.pem, contentType: "application/x-pem-file", body: pem };
  // RFC 2585's media type for a single DER certificate.
  return { format, filename: CERTIFICATE_FILENAMES.der, contentType: "application/pkix-cert", body: toDer(pem) };
}

// `?format=` of the download route: absent means PEM; anything but pem or der is refused (null).
export function parseCertificateFormat(value: string | null): CertificateFormat | null {
  if (value === null || value === "pem") return "pem";
  if (value === "der") return "der";
  return null;
}

function toDer(pem: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new X509Certificate(pem).raw);
}
