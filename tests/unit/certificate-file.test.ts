import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateCertificate, type GeneratedCertificate } from "@/lib/crypto/certificate";
import {
  certificateFile,
  certificateSize,
  parseCertificateFormat,
  SALESFORCE_MAX_CERTIFICATE_BYTES,
} from "@/lib/crypto/certificate-file";
import { certificateRequestSchema, type CertificateRequest } from "@/lib/validation/certificate";

const dir = mkdtempSync(path.join(tmpdir(), "cert-file-test-"));

// Every subject field at its byte limit, in multi-byte scripts, with the larger key: the biggest certificate the form allows.
const largestAllowed = certificateRequestSchema.parse({
  countryName: "JP",
  stateOrProvince: "ü".repeat(64),
  locality: `${"東".repeat(42)}aa`,
  organizationName: `${"株".repeat(21)}a`,
  organizationalUnit: "é".repeat(32),
  commonName: "😀".repeat(16),
  emailAddress: `${"e".repeat(116)}@example.com`,
  validityDays: "3650",
  keySize: "4096",
});

// What the character limits used to allow: 128 characters of a 3- or 4-byte script.
const legacy: CertificateRequest = {
  countryName: "JP",
  stateOrProvince: "😀".repeat(128),
  locality: "東".repeat(128),
  organizationName: "株".repeat(64),
  commonName: "株".repeat(64),
  validityDays: 365,
  keySize: 2048,
};

// Every field at its old character limit in emoji: too large even as DER.
const oversized: CertificateRequest = {
  ...legacy,
  stateOrProvince: "😀".repeat(128),
  locality: "😀".repeat(128),
  organizationName: "😀".repeat(64),
  organizationalUnit: "😀".repeat(64),
  commonName: "😀".repeat(64),
  emailAddress: `${"e".repeat(116)}@example.com`,
};

let largest: GeneratedCertificate;
let old: GeneratedCertificate;
let huge: GeneratedCertificate;

beforeAll(async () => {
  [largest, old, huge] = await Promise.all([
    generateCertificate(largestAllowed),
    generateCertificate(legacy),
    generateCertificate(oversized),
  ]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslDer(der: Uint8Array, ...args: string[]): string {
  const file = path.join(dir, "server.der");
  writeFileSync(file, der);
  return execFileSync("openssl", ["x509", "-inform", "DER", "-in", file, "-noout", ...args], {
    encoding: "utf8",
  }).trim();
}

describe("certificateSize decides what to upload to Salesforce", () => {
  test("the largest certificate the form allows fits in 4 KB as PEM", () => {
    const size = certificateSize(largest.certificatePem);
    expect(size.pemBytes).toBe(Buffer.byteLength(largest.certificatePem));
    expect(size.pemBytes).toBeLessThanOrEqual(SALESFORCE_MAX_CERTIFICATE_BYTES);
    expect(size.uploadFormat).toBe("pem");
  });

  test("an older certificate whose PEM is over 4 KB is uploaded as DER, which fits", () => {
    expect(certificateRequestSchema.safeParse(legacy).success).toBe(false);
    const size = certificateSize(old.certificatePem);
    expect(size.pemBytes).toBeGreaterThan(SALESFORCE_MAX_CERTIFICATE_BYTES);
    expect(size.derBytes).toBeLessThanOrEqual(SALESFORCE_MAX_CERTIFICATE_BYTES);
    expect(size.uploadFormat).toBe("der");
  });

  test("a certificate over 4 KB even as DER has no upload format: only a new certificate helps", () => {
    const size = certificateSize(huge.certificatePem);
    expect(size.derBytes).toBeGreaterThan(SALESFORCE_MAX_CERTIFICATE_BYTES);
    expect(size.uploadFormat).toBeNull();
  });
});

describe("certificateFile", () => {
  test("PEM is server.crt, byte for byte what was stored", () => {
    const file = certificateFile(largest.certificatePem, "pem");
    expect(file).toEqual({
      format: "pem",
      filename: "server.crt",
      contentType: "application/x-pem-file",
      body: largest.certificatePem,
    });
  });

  test("DER is server.der as application/pkix-cert, and OpenSSL reads the same certificate from it", () => {
    const file = certificateFile(old.certificatePem, "der");
    expect(file.filename).toBe("server.der");
    expect(file.contentType).toBe("application/pkix-cert");
    expect(file.body).toBeInstanceOf(Uint8Array);
    const der = file.body as Uint8Array;
    expect(der.length).toBe(certificateSize(old.certificatePem).derBytes);
    expect(der[0]).toBe(0x30); // an ASN.1 SEQUENCE, not base64 text
    const base64 = old.certificatePem.replace(/-----[A-Z ]+-----|\s/g, "");
    expect(Buffer.from(der).equals(Buffer.from(base64, "base64"))).toBe(true);

    expect(opensslDer(der, "-subject", "-nameopt", "RFC2253,-esc_msb")).toBe(
      `subject=CN=${"株".repeat(64)},O=${"株".repeat(64)},L=${"東".repeat(128)},ST=${"😀".repeat(128)},C=JP`,
    );
    expect(opensslDer(der, "-serial")).toBe(`serial=${old.serialHex.toUpperCase()}`);
    expect(opensslDer(der, "-fingerprint", "-sha256").toUpperCase()).toBe(
      `SHA256 FINGERPRINT=${old.fingerprintSha256}`,
    );
  });
});

describe("parseCertificateFormat", () => {
  test.each([
    [null, "pem"],
    ["pem", "pem"],
    ["der", "der"],
    ["", null],
    ["DER", null],
    ["p12", null],
  ])("%j → %j", (value, expected) => {
    expect(parseCertificateFormat(value)).toBe(expected);
  });
});
