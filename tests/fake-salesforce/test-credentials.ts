import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

export type TestCredentials = { privateKeyPem: string; certificatePem: string };

/**
 * A fresh RSA key and self-signed certificate, as a customer would upload to their app.
 * With hostnames, the certificate also names them (subjectAltName), so a local TLS server can pose as those hosts.
 */
export function generateTestCredentials(bits = 2048, hostnames: readonly string[] = []): TestCredentials {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const attrs = [{ name: "commonName", value: hostnames[0] ?? "fake-salesforce-test" }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  if (hostnames.length > 0)
    cert.setExtensions([{ name: "subjectAltName", altNames: hostnames.map((value) => ({ type: 2, value })) }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(cert) };
}
