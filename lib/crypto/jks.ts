import { createHash, createPrivateKey, randomBytes, X509Certificate } from "node:crypto";
import forge from "node-forge";
import type { KeystoreInput } from "./keystores";

const { asn1 } = forge;

// Written by hand: npm has no maintained JKS writer (jks-js only reads). Layout follows OpenJDK's
// sun.security.provider.JavaKeyStore.engineStore and KeyProtector.protect.
const JKS_MAGIC = 0xfeedfeed;
const JKS_VERSION = 2;
const JKS_PRIVATE_KEY_ENTRY = 1;
const SUN_JKS_KEY_PROTECTOR_OID = "1.3.6.1.4.1.42.2.17.1.1";
const SHA1_BYTES = 20;

/**
 * A JKS keystore holding one PrivateKeyEntry with its self-signed certificate; the key password is the store password.
 * The alias is stored lower-cased, as keytool does, because JKS looks aliases up lower-cased.
 */
export function buildJks({ privateKeyPem, certificatePem, password, alias }: KeystoreInput): Buffer {
  const passwordBytes = utf16be(password);
  const certificateDer = Buffer.from(new X509Certificate(certificatePem).raw);
  const body = Buffer.concat([
    u32(JKS_MAGIC),
    u32(JKS_VERSION),
    u32(1),
    u32(JKS_PRIVATE_KEY_ENTRY),
    modifiedUtf8(alias.toLowerCase()),
    i64(Date.now()),
    lengthPrefixed(protectKey(createPrivateKey(privateKeyPem).export({ type: "pkcs8", format: "der" }), passwordBytes)),
    u32(1),
    modifiedUtf8("X.509"),
    lengthPrefixed(certificateDer),
  ]);
  const trailer = createHash("sha1").update(passwordBytes).update("Mighty Aphrodite", "utf8").update(body).digest();
  return Buffer.concat([body, trailer]);
}

// KeyProtector: salt || (key XOR SHA-1 keystream) || SHA-1(password || key), in an EncryptedPrivateKeyInfo.
function protectKey(plain: Buffer, passwordBytes: Buffer): Buffer {
  const salt = randomBytes(SHA1_BYTES);
  const encrypted = Buffer.alloc(plain.length);
  let block: Buffer = salt;
  for (let offset = 0; offset < plain.length; offset += SHA1_BYTES) {
    block = createHash("sha1").update(passwordBytes).update(block).digest();
    for (let i = 0; i < SHA1_BYTES && offset + i < plain.length; i += 1)
      encrypted[offset + i] = plain[offset + i]! ^ block[i]!;
  }
  const check = createHash("sha1").update(passwordBytes).update(plain).digest();
  const { Class, Type } = asn1;
  const info = asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(SUN_JKS_KEY_PROTECTOR_OID).getBytes()),
      asn1.create(Class.UNIVERSAL, Type.NULL, false, ""),
    ]),
    asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, Buffer.concat([salt, encrypted, check]).toString("binary")),
  ]);
  return Buffer.from(asn1.toDer(info).getBytes(), "binary");
}

// Java's password chars, two bytes each, high byte first.
function utf16be(value: string): Buffer {
  return Buffer.from(value, "utf16le").swap16();
}

// DataOutputStream.writeUTF: u16 length, then each UTF-16 unit in 1–3 bytes (NUL as C0 80, surrogates one by one).
function modifiedUtf8(value: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0x01 && c <= 0x7f) bytes.push(c);
    else if (c <= 0x7ff) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  if (bytes.length > 0xffff) throw new Error("Text too long for a JKS string.");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function i64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(BigInt(value));
  return buffer;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  return Buffer.concat([u32(bytes.length), bytes]);
}
