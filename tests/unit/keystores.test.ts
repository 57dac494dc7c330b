import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateCertificate, type GeneratedCertificate } from "@/lib/crypto/certificate";
import { buildJks } from "@/lib/crypto/jks";
import { buildPkcs12, keystoreRequestSchema } from "@/lib/crypto/keystores";
import { certificateRequestSchema } from "@/lib/validation/certificate";

const dir = mkdtempSync(path.join(tmpdir(), "keystore-test-"));
const PASSWORD = "s3cret pass!";
let cert: GeneratedCertificate;
let other: GeneratedCertificate;
let certificatePub: string;

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content, { mode: 0o600 });
  return file;
}

function run(command: string, ...args: string[]) {
  return spawnSync(command, args, { encoding: "utf8" });
}

function openssl(...args: string[]): string {
  return execFileSync("openssl", args, { encoding: "utf8" });
}

// The private key inside a PKCS#12 file, decrypted by OpenSSL, as its public key (PEM).
function publicKeyInPkcs12(file: string, password: string): string {
  const keyFile = path.join(dir, `${path.basename(file)}.key.pem`);
  openssl("pkcs12", "-in", file, "-nocerts", "-nodes", "-passin", `pass:${password}`, "-out", keyFile);
  return openssl("pkey", "-in", keyFile, "-pubout");
}

function keytoolList(file: string, storetype: string, password: string) {
  return run("keytool", "-list", "-v", "-storetype", storetype, "-keystore", file, "-storepass", password);
}

beforeAll(async () => {
  const request = certificateRequestSchema.parse({
    countryName: "US",
    stateOrProvince: "California",
    locality: "San Francisco",
    organizationName: "Acme Inc",
  });
  [cert, other] = await Promise.all([generateCertificate(request), generateCertificate(request)]);
  certificatePub = openssl("x509", "-in", write("server.crt", cert.certificatePem), "-pubkey", "-noout");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keystoreRequestSchema", () => {
  const valid = { format: "pkcs12", password: "secret", alias: "jwt_key" };
  const errorsOf = (input: unknown) => {
    const result = keystoreRequestSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  test("accepts both formats, the legacy flag, and trims the alias", () => {
    expect(keystoreRequestSchema.parse(valid)).toEqual(valid);
    expect(keystoreRequestSchema.parse({ ...valid, format: "jks", alias: "  jwt_key " })).toEqual({
      ...valid,
      format: "jks",
    });
    expect(keystoreRequestSchema.parse({ ...valid, legacy: true }).legacy).toBe(true);
    expect(
      keystoreRequestSchema.parse({ ...valid, password: "x".repeat(128), alias: "a".repeat(64) }).alias,
    ).toHaveLength(64);
  });

  test("refuses an unknown format, unknown fields and a non-boolean legacy flag", () => {
    expect(errorsOf({ ...valid, format: "pem" })).toEqual(['Choose a keystore format: "pkcs12" (.p12) or "jks".']);
    expect(errorsOf({ ...valid, privateKeyPem: "-----BEGIN PRIVATE KEY-----" })).toHaveLength(1);
    expect(errorsOf({ ...valid, legacy: "on" })).toEqual(["Legacy encryption must be true or false."]);
  });

  test("refuses a password under 6, over 128 characters, or not printable ASCII", () => {
    expect(errorsOf({ ...valid, password: "12345" })).toEqual([
      "Keystore password must be at least 6 characters: keytool and Salesforce refuse shorter ones.",
    ]);
    expect(errorsOf({ ...valid, password: "x".repeat(129) })).toEqual([
      "Keystore password must be at most 128 characters; choose a shorter one.",
    ]);
    expect(errorsOf({ ...valid, password: "pässwörd" })[0]).toMatch(
      /^Keystore password must use only ASCII .* keytool cannot open/,
    );
    expect(errorsOf({ ...valid, password: "secret\n" })[0]).toMatch(/only ASCII/);
    expect(errorsOf({ ...valid, password: undefined })).toEqual(["Keystore password is required."]);
  });

  test('refuses an empty alias, "1", one over 64 characters, and control characters', () => {
    expect(errorsOf({ ...valid, alias: "" })).toEqual(['Alias is required. Use a name like "jwt_key".']);
    expect(errorsOf({ ...valid, alias: "   " })).toEqual(['Alias is required. Use a name like "jwt_key".']);
    expect(errorsOf({ ...valid, alias: "1" })).toEqual([
      'Alias must not be "1": Salesforce rejects it. Use a name like "jwt_key".',
    ]);
    expect(errorsOf({ ...valid, alias: " 1 " })).toEqual([
      'Alias must not be "1": Salesforce rejects it. Use a name like "jwt_key".',
    ]);
    expect(errorsOf({ ...valid, alias: "a".repeat(65) })).toEqual([
      'Alias must be at most 64 characters; use a short name like "jwt_key".',
    ]);
    for (const alias of ["jwt\tkey", "jwt\nkey", "jwt\u0000key", "jwt\u007fkey", "jwt\u2028key"]) {
      expect(errorsOf({ ...valid, alias })).toEqual([
        "Alias must not contain line breaks, tabs or other control characters.",
      ]);
    }
  });
});

describe("buildPkcs12", () => {
  test("default: AES-256 PBES2 and a SHA-256 MAC that OpenSSL 3 reads without -legacy", () => {
    const file = write("modern.p12", buildPkcs12({ ...cert, password: PASSWORD, alias: "JWT_Key" }));
    const info = run("openssl", "pkcs12", "-info", "-nokeys", "-in", file, "-passin", `pass:${PASSWORD}`);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stderr).toContain("MAC: sha256, Iteration 2048");
    expect(info.stderr).toContain("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256");
    expect(info.stdout).toContain("friendlyName: JWT_Key");
    expect(publicKeyInPkcs12(file, PASSWORD)).toBe(certificatePub);
  });

  test("legacy: 3DES and a SHA-1 MAC, which OpenSSL 3 also reads without -legacy", () => {
    const file = write("legacy.p12", buildPkcs12({ ...cert, password: PASSWORD, alias: "jwt_key", legacy: true }));
    const info = run("openssl", "pkcs12", "-info", "-nokeys", "-in", file, "-passin", `pass:${PASSWORD}`);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stderr).toContain("MAC: sha1, Iteration 2048");
    expect(info.stderr).toContain("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048");
    expect(publicKeyInPkcs12(file, PASSWORD)).toBe(certificatePub);
  });

  test("keytool lists one PrivateKeyEntry under the alias, and refuses a wrong password", () => {
    for (const legacy of [false, true]) {
      const file = write(
        `keytool-${legacy}.p12`,
        buildPkcs12({ ...cert, password: PASSWORD, alias: "sf_jwt", legacy }),
      );
      const list = keytoolList(file, "PKCS12", PASSWORD);
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toContain("Your keystore contains 1 entry");
      expect(list.stdout).toContain("Alias name: sf_jwt");
      expect(list.stdout).toContain("Entry type: PrivateKeyEntry");
      expect(list.stdout).toContain(`SHA256: ${cert.fingerprintSha256}`);
      expect(keytoolList(file, "PKCS12", "wrong-password").status).not.toBe(0);
    }
  });

  test("a wrong password fails OpenSSL's MAC check", () => {
    const file = write("wrong.p12", buildPkcs12({ ...cert, password: PASSWORD, alias: "jwt_key" }));
    const result = run("openssl", "pkcs12", "-info", "-nokeys", "-in", file, "-passin", "pass:wrong-password");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/mac verify (error|failure)/i);
  });
});

describe("buildJks", () => {
  test("keytool lists a JKS with the alias (lower-cased, as keytool stores it) as a PrivateKeyEntry", () => {
    const file = write("server.jks", buildJks({ ...cert, password: PASSWORD, alias: "JWT_Key" }));
    const list = keytoolList(file, "JKS", PASSWORD);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain("Keystore type: JKS");
    expect(list.stdout).toContain("Your keystore contains 1 entry");
    expect(list.stdout).toContain("Alias name: jwt_key");
    expect(list.stdout).not.toMatch(/Alias name: 1$/m);
    expect(list.stdout).toContain("Entry type: PrivateKeyEntry");
    expect(list.stdout).toContain("Certificate chain length: 1");
    expect(list.stdout).toContain(`SHA256: ${cert.fingerprintSha256}`);
    // Looked up with the case the user typed, as keytool -alias does.
    expect(run("keytool", "-list", "-keystore", file, "-storepass", PASSWORD, "-alias", "JWT_Key").status).toBe(0);
  });

  test("the key decrypts: keytool converts it to PKCS#12 and OpenSSL finds the certificate's key", () => {
    const file = write("convert.jks", buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" }));
    const out = path.join(dir, "converted.p12");
    const result = run(
      "keytool",
      "-importkeystore",
      "-noprompt",
      "-srckeystore",
      file,
      "-srcstoretype",
      "JKS",
      "-srcstorepass",
      PASSWORD,
      "-destkeystore",
      out,
      "-deststoretype",
      "PKCS12",
      "-deststorepass",
      PASSWORD,
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain("Entry for alias jwt_key successfully imported.");
    expect(publicKeyInPkcs12(out, PASSWORD)).toBe(certificatePub);
    expect(publicKeyInPkcs12(out, PASSWORD)).not.toBe(
      openssl("x509", "-in", write("other.crt", other.certificatePem), "-pubkey", "-noout"),
    );
  });

  test("a wrong password fails keytool's integrity check", () => {
    const file = write("wrong.jks", buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" }));
    const list = keytoolList(file, "JKS", "wrong-password");
    expect(list.status).not.toBe(0);
    expect(list.stdout + list.stderr).toContain("Keystore was tampered with, or password was incorrect");
  });

  test("a corrupted byte fails the integrity check", () => {
    const bytes = buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" });
    bytes[100] = bytes[100]! ^ 0x01;
    expect(keytoolList(write("corrupt.jks", bytes), "JKS", PASSWORD).status).not.toBe(0);
  });
});

describe("keystore output", () => {
  test("never contains the private key in the clear (PEM text or DER)", () => {
    const pemBody = cert.privateKeyPem.split("\n").filter((line) => line && !line.startsWith("-----"));
    const der = Buffer.from(pemBody.join(""), "base64");
    const outputs = [
      buildPkcs12({ ...cert, password: PASSWORD, alias: "jwt_key" }),
      buildPkcs12({ ...cert, password: PASSWORD, alias: "jwt_key", legacy: true }),
      buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" }),
    ];
    for (const output of outputs) {
      const text = output.toString("latin1");
      expect(text).not.toContain("PRIVATE KEY");
      for (const line of pemBody) expect(text).not.toContain(line);
      expect(output.includes(der)).toBe(false);
      // The key's middle 64 bytes (inside the private exponent) are not there either.
      expect(output.includes(der.subarray(600, 664))).toBe(false);
    }
  });

  test("each build uses fresh salts", () => {
    const a = buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" });
    const b = buildJks({ ...cert, password: PASSWORD, alias: "jwt_key" });
    expect(a.length).toBe(b.length);
    expect(a.equals(b)).toBe(false);
    const p12 = () => buildPkcs12({ ...cert, password: PASSWORD, alias: "jwt_key" });
    expect(p12().equals(p12())).toBe(false);
  });
});
