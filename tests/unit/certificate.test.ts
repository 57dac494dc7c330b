import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  certificateInfo,
  fingerprintOf,
  generateCertificate,
  publicKeyMatches,
  type GeneratedCertificate,
} from "@/lib/crypto/certificate";
import { certificateRequestSchema } from "@/lib/validation/certificate";

const DAY_MS = 86_400_000;
const dir = mkdtempSync(path.join(tmpdir(), "cert-test-"));

const basicRequest = certificateRequestSchema.parse({
  countryName: "us",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Acme Inc",
});
const fullRequest = certificateRequestSchema.parse({
  countryName: "BR",
  stateOrProvince: "São Paulo",
  locality: "Zürich, Old Town",
  organizationName: "Ünïcode Ltd",
  organizationalUnit: "Security",
  commonName: "collector.example.com",
  emailAddress: "admin@example.com",
  validityDays: "30",
});

let basic: GeneratedCertificate;
let full: GeneratedCertificate;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

function openssl(...args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8" });
}

beforeAll(async () => {
  [basic, full] = await Promise.all([generateCertificate(basicRequest), generateCertificate(fullRequest)]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("generateCertificate", () => {
  test("subject is as entered, CN defaults to the organization, and issuer = subject", () => {
    const crt = write("basic.crt", basic.certificatePem);
    expect(basic.subjectText).toBe("C=US, ST=California, L=San Francisco, O=Acme Inc, CN=Acme Inc");
    const rfc2253 = "CN=Acme Inc,O=Acme Inc,L=San Francisco,ST=California,C=US";
    expect(openssl("x509", "-in", crt, "-noout", "-subject", "-nameopt", "RFC2253").trim()).toBe(`subject=${rfc2253}`);
    expect(openssl("x509", "-in", crt, "-noout", "-issuer", "-nameopt", "RFC2253").trim()).toBe(`issuer=${rfc2253}`);
    expect(basic.subject).toEqual({
      countryName: "US",
      stateOrProvince: "California",
      locality: "San Francisco",
      organizationName: "Acme Inc",
      commonName: "Acme Inc",
    });
  });

  test("optional OU, CN, email and non-ASCII values are encoded and read back by OpenSSL", () => {
    const crt = write("full.crt", full.certificatePem);
    const subject = openssl("x509", "-in", crt, "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb").trim();
    expect(subject).toBe(
      "subject=emailAddress=admin@example.com,CN=collector.example.com,OU=Security,O=Ünïcode Ltd,L=Zürich\\, Old Town,ST=São Paulo,C=BR",
    );
    const x509 = new X509Certificate(full.certificatePem);
    expect(x509.subject).toBe(x509.issuer);
    expect(full.subject.commonName).toBe("collector.example.com");
    expect(full.subjectText).toContain("OU=Security");
  });

  test("is X.509 v3, sha256WithRSAEncryption, with the required extensions", () => {
    const text = openssl("x509", "-in", write("text.crt", basic.certificatePem), "-noout", "-text");
    expect(text).toContain("Version: 3 (0x2)");
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(text).toContain("Public-Key: (2048 bit)");
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/Subject Key Identifier:\s+[0-9A-F]{2}(:[0-9A-F]{2}){19}/);
    expect(basic.keySize).toBe(2048);
  });

  test("the self-signature verifies, and a corrupted signature does not", () => {
    const crt = write("verify.crt", basic.certificatePem);
    expect(openssl("verify", "-check_ss_sig", "-CAfile", crt, crt).trim()).toBe(`${crt}: OK`);

    const der = Buffer.from(new X509Certificate(basic.certificatePem).raw);
    der[der.length - 1] = der[der.length - 1]! ^ 0xff;
    const bad = write(
      "bad.crt",
      `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`,
    );
    const result = spawnSync("openssl", ["verify", "-check_ss_sig", "-CAfile", bad, bad], { encoding: "utf8" });
    expect(result.status).not.toBe(0);
  });

  test("the private key is PKCS#8 and matches the certificate's public key", () => {
    expect(basic.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = write("server.key", basic.privateKeyPem);
    const crt = write("server.crt", basic.certificatePem);
    const keyModulus = openssl("rsa", "-in", key, "-noout", "-modulus").trim();
    const crtModulus = openssl("x509", "-in", crt, "-noout", "-modulus").trim();
    expect(keyModulus).toMatch(/^Modulus=[0-9A-F]{512}$/);
    expect(keyModulus).toBe(crtModulus);
    expect(publicKeyMatches(basic.certificatePem, basic.privateKeyPem)).toBe(true);
    expect(publicKeyMatches(basic.certificatePem, full.privateKeyPem)).toBe(false);
  });

  test("validity is notBefore = now (whole seconds) and notAfter = notBefore + days", () => {
    const now = Date.now();
    expect(basic.notBefore.getTime() % 1000).toBe(0);
    expect(now - basic.notBefore.getTime()).toBeLessThan(60_000);
    expect(basic.notBefore.getTime()).toBeLessThanOrEqual(now);
    expect(basic.notAfter.getTime() - basic.notBefore.getTime()).toBe(365 * DAY_MS);
    expect(full.notAfter.getTime() - full.notBefore.getTime()).toBe(30 * DAY_MS);

    const dates = openssl("x509", "-in", write("dates.crt", basic.certificatePem), "-noout", "-startdate", "-enddate");
    const [start, end] = dates
      .trim()
      .split("\n")
      .map((line) => new Date(line.split("=")[1]!).getTime());
    expect(start).toBe(basic.notBefore.getTime());
    expect(end).toBe(basic.notAfter.getTime());
  });

  test("serial is positive, minimal DER, at least 64 random bits, and unique", async () => {
    const extra = await generateCertificate({ ...basicRequest });
    for (const cert of [basic, full, extra]) {
      expect(cert.serialHex).toMatch(/^[0-9a-f]{32}$/);
      const top = Number.parseInt(cert.serialHex.slice(0, 2), 16);
      expect(top).toBeGreaterThanOrEqual(0x01);
      expect(top).toBeLessThanOrEqual(0x7f);
      expect(BigInt(`0x${cert.serialHex}`).toString(2).length).toBeGreaterThanOrEqual(121);
      const fromOpenssl = openssl("x509", "-in", write("serial.crt", cert.certificatePem), "-noout", "-serial").trim();
      expect(fromOpenssl).toBe(`serial=${cert.serialHex.toUpperCase()}`);
    }
    expect(new Set([basic.serialHex, full.serialHex, extra.serialHex]).size).toBe(3);
  });

  test("fingerprint matches openssl's SHA-256 fingerprint", () => {
    const out = openssl(
      "x509",
      "-in",
      write("fp.crt", basic.certificatePem),
      "-noout",
      "-fingerprint",
      "-sha256",
    ).trim();
    expect(basic.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(out.toUpperCase()).toBe(`SHA256 FINGERPRINT=${basic.fingerprintSha256}`);
    expect(fingerprintOf(basic.certificatePem)).toBe(basic.fingerprintSha256);
    expect(full.fingerprintSha256).not.toBe(basic.fingerprintSha256);
  });

  test("keytool accepts the certificate", () => {
    const result = spawnSync("/usr/bin/keytool", ["-printcert", "-file", write("keytool.crt", basic.certificatePem)], {
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Owner: CN=Acme Inc, O=Acme Inc, L=San Francisco, ST=California, C=US");
    expect(result.stdout).toContain("SHA256withRSA");
    expect(result.stdout).toContain(`SHA256: ${basic.fingerprintSha256}`);
  });

  test("certificateInfo reads back what was generated", () => {
    const info = certificateInfo(full.certificatePem);
    expect(info).toEqual({
      fingerprintSha256: full.fingerprintSha256,
      serialHex: full.serialHex,
      subjectText: full.subjectText,
      issuerText: full.subjectText,
      notBefore: full.notBefore,
      notAfter: full.notAfter,
      keySize: 2048,
    });
  });

  test("a 4096-bit key works and the certificate stays under Salesforce's 4 KB limit", async () => {
    const big = await generateCertificate({ ...basicRequest, keySize: 4096 });
    expect(big.keySize).toBe(4096);
    expect(certificateInfo(big.certificatePem).keySize).toBe(4096);
    const text = openssl("x509", "-in", write("big.crt", big.certificatePem), "-noout", "-text");
    expect(text).toContain("Public-Key: (4096 bit)");
    expect(Buffer.byteLength(big.certificatePem)).toBeLessThan(4096);
    expect(publicKeyMatches(big.certificatePem, big.privateKeyPem)).toBe(true);
  });

  test("generating a 2048-bit key does not block the event loop", async () => {
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks += 1;
    }, 2);
    // Several in parallel so the work lasts long enough for the timer to fire many times.
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map(() => generateCertificate(basicRequest)));
    const total = performance.now() - started;
    const finalGap = performance.now() - last;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    // forge's JS key generation would freeze the loop for the whole run (one gap as long as the work); native
    // generation leaves only short gaps. Relative to the run, so a busy machine slows both sides alike.
    expect(Math.max(longestGap, finalGap)).toBeLessThan(Math.max(250, total * 0.6));
  });
});
