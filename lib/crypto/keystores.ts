import { createHmac, randomBytes } from "node:crypto";
import forge from "node-forge";
import { z } from "zod";
import { noControlCharacters } from "@/lib/validation/refinements";

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const KEYSTORE_PASSWORD_MIN = 6;
const KEYSTORE_PASSWORD_MAX = 128;
const KEYSTORE_ALIAS_MAX = 64;

export const keystoreRequestSchema = z
  .object({
    format: z.enum(["pkcs12", "jks"], { error: 'Choose a keystore format: "pkcs12" (.p12) or "jks".' }),
    password: z
      .string({ error: "Keystore password is required." })
      // keytool and Salesforce refuse a keystore password under 6 characters (the runbook's keystore step).
      .min(KEYSTORE_PASSWORD_MIN, {
        error: `Keystore password must be at least ${KEYSTORE_PASSWORD_MIN} characters: keytool and Salesforce refuse shorter ones.`,
      })
      .max(KEYSTORE_PASSWORD_MAX, {
        error: `Keystore password must be at most ${KEYSTORE_PASSWORD_MAX} characters; choose a shorter one.`,
      })
      // Java's PKCS#12 reader (keytool, and so Salesforce) fails with "Password is not ASCII" on anything else.
      .regex(PRINTABLE_ASCII, {
        error:
          "Keystore password must use only ASCII letters, digits, spaces and symbols: Java's keytool cannot open a keystore with other characters.",
      }),
    alias: z
      .string({ error: 'Alias is required. Use a name like "jwt_key".' })
      // keytool and Salesforce show control characters as nothing, or break on them.
      .refine(noControlCharacters, {
        error: "Alias must not contain line breaks, tabs or other control characters.",
        abort: true,
      })
      .trim()
      .min(1, { error: 'Alias is required. Use a name like "jwt_key".', abort: true })
      // keytool -importkeystore names the entry "1"; Salesforce refuses that alias, which is why the runbook renames it.
      .refine((value) => value !== "1", {
        error: 'Alias must not be "1": Salesforce rejects it. Use a name like "jwt_key".',
        abort: true,
      })
      .max(KEYSTORE_ALIAS_MAX, {
        error: `Alias must be at most ${KEYSTORE_ALIAS_MAX} characters; use a short name like "jwt_key".`,
      }),
    legacy: z.boolean({ error: "Legacy encryption must be true or false." }).optional(),
  })
  .strict();

export type KeystoreInput = { privateKeyPem: string; certificatePem: string; password: string; alias: string };

const { asn1, pki } = forge;
// OpenSSL 3's default for the key and the MAC (Java 17 uses 10000): forge runs both KDFs in JS, on the event loop.
const PKCS12_ITERATIONS = 2048;
const PKCS12_SALT_BYTES = 16;

// forge reads prfAlgorithm (pbe.js) but @types/node-forge leaves it out.
type Pkcs12Options = NonNullable<Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3]> & {
  prfAlgorithm?: "sha1" | "sha256";
};

/**
 * PKCS#12 with the key under PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 MAC, as OpenSSL 3 and Java 17 write.
 * `legacy`: the key under pbeWithSHAAnd3-KeyTripleDES-CBC and an HMAC-SHA1 MAC, for readers older than OpenSSL 1.1 / Java 8u301.
 * Certificates are not encrypted (forge does not encrypt the certificate bag).
 */
export function buildPkcs12({
  privateKeyPem,
  certificatePem,
  password,
  alias,
  legacy = false,
}: KeystoreInput & { legacy?: boolean }): Buffer {
  const key = pki.privateKeyFromPem(privateKeyPem);
  const cert = pki.certificateFromPem(certificatePem);
  const common = { friendlyName: alias, count: PKCS12_ITERATIONS, saltSize: PKCS12_SALT_BYTES };
  if (legacy) {
    // The PKCS#12 KDF takes the password as UTF-16 code units, which is what forge does with a JS string.
    const options: Pkcs12Options = { ...common, algorithm: "3des", useMac: true };
    return derOf(forge.pkcs12.toPkcs12Asn1(key, cert, password, options));
  }
  // PBKDF2 takes the password's UTF-8 bytes (OpenSSL, Java); forge uses a string's low bytes, so pass UTF-8 as a binary string.
  // forge writes only a SHA-1 MAC, so it writes none here and the SHA-256 MAC is added below.
  const options: Pkcs12Options = { ...common, algorithm: "aes256", prfAlgorithm: "sha256", useMac: false };
  const pfx = forge.pkcs12.toPkcs12Asn1(key, cert, forge.util.encodeUtf8(password), options);
  // forge leaves the macData slot (index 2) undefined when useMac is false.
  (pfx.value as forge.asn1.Asn1[])[2] = sha256MacData(authSafeOf(pfx), password);
  return derOf(pfx);
}

// RFC 7292 §5 and appendix B: MAC key = PKCS#12 KDF (ID 3) over the BMPString password, HMAC over the authSafe content.
function sha256MacData(authSafe: Buffer, password: string): forge.asn1.Asn1 {
  const salt = randomBytes(PKCS12_SALT_BYTES);
  const saltBuffer = forge.util.createBuffer(salt.toString("binary"));
  const macKey = forge.pkcs12.generateKey(password, saltBuffer, 3, PKCS12_ITERATIONS, 32, forge.md.sha256.create());
  const digest = createHmac("sha256", Buffer.from(macKey.getBytes(), "binary")).update(authSafe).digest();
  const sha256Oid = pki.oids.sha256;
  if (!sha256Oid) throw new Error("node-forge does not know sha256.");
  const { Class, Type } = asn1;
  return asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
        asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(sha256Oid).getBytes()),
        asn1.create(Class.UNIVERSAL, Type.NULL, false, ""),
      ]),
      asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, digest.toString("binary")),
    ]),
    asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, salt.toString("binary")),
    asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(PKCS12_ITERATIONS).getBytes()),
  ]);
}

// PFX = SEQUENCE { version, authSafe ContentInfo { data, [0] OCTET STRING }, macData? }: the MAC covers that octet string.
function authSafeOf(pfx: forge.asn1.Asn1): Buffer {
  const contentInfo = (pfx.value as forge.asn1.Asn1[])[1];
  const explicit = (contentInfo?.value as forge.asn1.Asn1[] | undefined)?.[1];
  const octets = (explicit?.value as forge.asn1.Asn1[] | undefined)?.[0]?.value;
  if (typeof octets !== "string") throw new Error("Unexpected PKCS#12 structure from node-forge.");
  return Buffer.from(octets, "binary");
}

function derOf(obj: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(obj).getBytes(), "binary");
}
