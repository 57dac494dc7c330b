import { createPublicKey, generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import forge from "node-forge";
import type { CertificateRequest } from "@/lib/validation/certificate";

type CertificateSubject = {
  countryName: string;
  stateOrProvince: string;
  locality: string;
  organizationName: string;
  organizationalUnit?: string;
  commonName: string;
  emailAddress?: string;
};

export type GeneratedCertificate = {
  certificatePem: string;
  /** PKCS#8 PEM, unencrypted: seal it before it is stored. */
  privateKeyPem: string;
  serialHex: string;
  /** Upper-case colon hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  keySize: number;
  subject: CertificateSubject;
  subjectText: string;
};

export type CertificateInfo = {
  fingerprintSha256: string;
  serialHex: string;
  subjectText: string;
  issuerText: string;
  notBefore: Date;
  notAfter: Date;
  keySize: number | undefined;
};

const generateKeyPairAsync = promisify(generateKeyPair);
const signAsync = promisify(sign);
const DAY_MS = 86_400_000;
const { asn1, pki } = forge;
// Present in node-forge but missing from @types/node-forge.
const getTBSCertificate = (pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 })
  .getTBSCertificate;
// @types/node-forge types valueTagClass as a Class, but forge reads it as a universal Type tag.
const tag = (type: forge.asn1.Type) => type as unknown as forge.asn1.Class;

/**
 * A self-signed certificate for `req`, on `key` when given (from the key pool or the portal's key generation queue),
 * else on a fresh key of `req.keySize` bits.
 */
export async function generateCertificate(req: CertificateRequest, key?: KeyObject): Promise<GeneratedCertificate> {
  // Native, off the event loop: forge's JS prime search would block the server for seconds.
  const privateKey =
    key ?? (await generateKeyPairAsync("rsa", { modulusLength: req.keySize, publicExponent: 0x10001 })).privateKey;
  if (privateKey.asymmetricKeyDetails?.modulusLength !== req.keySize)
    throw new Error(`The key given is not an RSA-${req.keySize} key.`);
  const publicKey = createPublicKey(privateKey);
  const subject = subjectOf(req);
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + req.validityDays * DAY_MS);

  const cert = pki.createCertificate();
  cert.version = 2; // v3
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.publicKey = pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  const attributes = subjectAttributes(subject);
  cert.setSubject(attributes);
  cert.setIssuer(attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);

  await signNatively(cert, privateKey);

  const certificatePem = pki.certificateToPem(cert);
  const info = certificateInfo(certificatePem);
  return {
    certificatePem,
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    serialHex: info.serialHex,
    fingerprintSha256: info.fingerprintSha256,
    notBefore,
    notAfter,
    keySize: req.keySize,
    subject,
    subjectText: info.subjectText,
  };
}

export function certificateInfo(pem: string): CertificateInfo {
  const x509 = new X509Certificate(pem);
  return {
    fingerprintSha256: x509.fingerprint256,
    serialHex: x509.serialNumber.toLowerCase(),
    subjectText: x509.subject.split("\n").join(", "),
    issuerText: x509.issuer.split("\n").join(", "),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    keySize: x509.publicKey.asymmetricKeyDetails?.modulusLength,
  };
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

export function publicKeyMatches(certificatePem: string, privateKeyPem: string): boolean {
  const fromCert = new X509Certificate(certificatePem).publicKey.export({ type: "spki", format: "der" });
  const fromKey = createPublicKey(privateKeyPem).export({ type: "spki", format: "der" });
  return fromCert.equals(fromKey);
}

function subjectOf(req: CertificateRequest): CertificateSubject {
  return {
    countryName: req.countryName,
    stateOrProvince: req.stateOrProvince,
    locality: req.locality,
    organizationName: req.organizationName,
    ...(req.organizationalUnit ? { organizationalUnit: req.organizationalUnit } : {}),
    commonName: req.commonName ?? req.organizationName,
    ...(req.emailAddress ? { emailAddress: req.emailAddress } : {}),
  };
}

// Country is PrintableString and email IA5String (RFC 5280); the rest UTF8String so non-ASCII names stay valid DER.
function subjectAttributes(subject: CertificateSubject): forge.pki.CertificateField[] {
  const utf8 = (name: string, value: string) => ({ name, value, valueTagClass: tag(asn1.Type.UTF8) });
  const attributes: forge.pki.CertificateField[] = [
    { name: "countryName", value: subject.countryName, valueTagClass: tag(asn1.Type.PRINTABLESTRING) },
    utf8("stateOrProvinceName", subject.stateOrProvince),
    utf8("localityName", subject.locality),
    utf8("organizationName", subject.organizationName),
  ];
  if (subject.organizationalUnit) attributes.push(utf8("organizationalUnitName", subject.organizationalUnit));
  attributes.push(utf8("commonName", subject.commonName));
  if (subject.emailAddress) {
    attributes.push({ name: "emailAddress", value: subject.emailAddress, valueTagClass: tag(asn1.Type.IA5STRING) });
  }
  return attributes;
}

// 16 random bytes with the top byte in 0x01..0x7f: positive, minimal DER, and at least 120 random bits.
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString("hex");
}

// Replaces forge's cert.sign(): the RSA private-key operation runs in OpenSSL on the thread pool, not in JS.
async function signNatively(cert: forge.pki.Certificate, privateKey: KeyObject): Promise<void> {
  const algorithmOid = pki.oids.sha256WithRSAEncryption;
  if (!algorithmOid) throw new Error("node-forge does not know sha256WithRSAEncryption.");
  cert.signatureOid = algorithmOid;
  cert.siginfo.algorithmOid = algorithmOid;
  const tbs = getTBSCertificate(cert);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), "binary");
  const signature = await signAsync("sha256", tbsDer, privateKey);
  cert.tbsCertificate = tbs;
  cert.signature = signature.toString("binary");
}
