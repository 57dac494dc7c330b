import { describe, expect, test } from "vitest";
import { certificateRequestSchema, fieldErrors, SUBJECT_BYTE_LIMITS } from "@/lib/validation/certificate";
import { iso3166Alpha2 } from "@/lib/validation/iso3166";

const valid = {
  countryName: "US",
  stateOrProvince: "California",
  locality: "San Francisco",
  organizationName: "Acme Inc",
  organizationalUnit: "",
  commonName: "",
  emailAddress: "",
  validityDays: "365",
  keySize: "2048",
};

const COUNTRY = "Country Name must be a two-letter ISO 3166 code, such as US or DE.";
const COUNTRY_MISSING = "Country Name is required: enter a two-letter ISO 3166 code, such as US or DE.";
const notAssigned = (code: string) =>
  `Country Name ${code} is not an assigned ISO 3166 code; use one such as US or DE.`;
const required = (label: string) => `${label} is required.`;
const tooLong = (label: string, max: number) => `${label} must be at most ${max} characters.`;
const tooManyBytes = (label: string, max: number, about: number) =>
  `${label} must be at most ${max} bytes in UTF-8 (about ${about} characters in this script); shorten it.`;
const control = (label: string) => `${label} must not contain line breaks, tabs or other control characters.`;
const EMAIL = "Email Address must be a valid email address, such as admin@example.com.";
const VALIDITY = "Validity (days) must be a whole number of days from 1 to 3650.";
const KEY_SIZE = "Key size must be 2048 or 4096 bits.";

type BadCase = [field: keyof typeof valid, value: unknown, message: string];

const badValues: BadCase[] = [
  ["countryName", "", COUNTRY],
  ["countryName", "   ", COUNTRY],
  ["countryName", undefined, COUNTRY_MISSING],
  ["countryName", "U", COUNTRY],
  ["countryName", "USA", COUNTRY],
  ["countryName", "U1", COUNTRY],
  ["countryName", "12", COUNTRY],
  ["countryName", "U S", COUNTRY],
  ["countryName", "ÜS", COUNTRY],
  ["countryName", "U\u0000", COUNTRY],
  ["countryName", "XX", notAssigned("XX")],
  ["countryName", "uk", notAssigned("UK")],
  ["countryName", "EU", notAssigned("EU")],
  ["countryName", "XK", notAssigned("XK")],
  ["countryName", "zz", notAssigned("ZZ")],
  ["stateOrProvince", "", required("State or Province")],
  ["stateOrProvince", "    ", required("State or Province")],
  ["stateOrProvince", undefined, required("State or Province")],
  ["stateOrProvince", "x".repeat(129), tooLong("State or Province", 128)],
  ["stateOrProvince", `${"ü".repeat(64)}a`, tooManyBytes("State or Province", 128, 64)],
  ["stateOrProvince", "Cali\nfornia", control("State or Province")],
  ["stateOrProvince", "California\u0085", control("State or Province")],
  ["locality", "", required("Locality")],
  ["locality", undefined, required("Locality")],
  ["locality", "y".repeat(129), tooLong("Locality", 128)],
  ["locality", "東".repeat(43), tooManyBytes("Locality", 128, 42)],
  ["locality", "San\tFrancisco", control("Locality")],
  ["locality", "San Francisco\r\n", control("Locality")],
  ["locality", "Paris\u2028", control("Locality")],
  ["organizationName", "", required("Organization Name")],
  ["organizationName", undefined, required("Organization Name")],
  ["organizationName", "o".repeat(65), tooLong("Organization Name", 64)],
  ["organizationName", "株".repeat(22), tooManyBytes("Organization Name", 64, 21)],
  ["organizationName", `${"é".repeat(32)}a`, tooManyBytes("Organization Name", 64, 32)],
  ["organizationName", "Acme\u007f", control("Organization Name")],
  ["organizationName", "Acme\u009b31m", control("Organization Name")],
  ["organizationName", "\u001b[31mAcme", control("Organization Name")],
  ["organizationalUnit", "u".repeat(65), tooLong("Organizational Unit", 64)],
  ["organizationalUnit", `${"株".repeat(21)}ab`, tooManyBytes("Organizational Unit", 64, 22)],
  ["organizationalUnit", "R&D\u0000", control("Organizational Unit")],
  ["organizationalUnit", "\t", control("Organizational Unit")],
  ["commonName", "c".repeat(65), tooLong("Common Name", 64)],
  ["commonName", `${"😀".repeat(16)}a`, tooManyBytes("Common Name", 64, 16)],
  ["commonName", "host\u2029name", control("Common Name")],
  ["commonName", "line\nbreak", control("Common Name")],
  ["emailAddress", "not-an-email", EMAIL],
  ["emailAddress", "admin@", EMAIL],
  ["emailAddress", "@example.com", EMAIL],
  ["emailAddress", "admin@example", EMAIL],
  ["emailAddress", "a b@example.com", EMAIL],
  ["emailAddress", "admin@@example.com", EMAIL],
  ["emailAddress", `${"e".repeat(120)}@example.com`, "Email Address must be at most 128 characters."],
  ["emailAddress", "admin@example.com\nBcc: x@y.z", control("Email Address")],
  ["validityDays", "0", VALIDITY],
  ["validityDays", "-1", VALIDITY],
  ["validityDays", "3651", VALIDITY],
  ["validityDays", "1.5", VALIDITY],
  ["validityDays", "abc", VALIDITY],
  ["validityDays", "Infinity", VALIDITY],
  ["validityDays", "365 days", VALIDITY],
  ["keySize", "1024", KEY_SIZE],
  ["keySize", "3072", KEY_SIZE],
  ["keySize", "8192", KEY_SIZE],
  ["keySize", "abc", KEY_SIZE],
  ["keySize", "2048.5", KEY_SIZE],
  ["keySize", "0", KEY_SIZE],
];

describe("certificateRequestSchema rejects bad input", () => {
  test("the table covers at least 40 distinct bad values across every field", () => {
    expect(new Set(badValues.map(([field, value]) => `${field}=${JSON.stringify(value)}`)).size).toBe(badValues.length);
    expect(badValues.length).toBeGreaterThanOrEqual(40);
    expect(new Set(badValues.map(([field]) => field))).toEqual(new Set(Object.keys(valid)));
  });

  test.each(badValues)("%s = %j", (field, value, message) => {
    const input: Record<string, unknown> = { ...valid, [field]: value };
    if (value === undefined) delete input[field];
    const result = certificateRequestSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrors(result.error)).toEqual({ [field]: message });
  });

  test("every invalid field gets its own message at once", () => {
    const result = certificateRequestSchema.safeParse({ countryName: "1", emailAddress: "x", keySize: "1" });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(fieldErrors(result.error)).sort()).toEqual(
      ["countryName", "emailAddress", "keySize", "locality", "organizationName", "stateOrProvince"].sort(),
    );
  });
});

describe("certificateRequestSchema accepts good input", () => {
  test("applies defaults, upper-cases the country, trims, and drops blank optional fields", () => {
    const data = certificateRequestSchema.parse({
      countryName: " de ",
      stateOrProvince: "  Bayern ",
      locality: "München",
      organizationName: " Acme GmbH ",
      organizationalUnit: "   ",
      commonName: "",
      emailAddress: "",
      validityDays: "",
    });
    expect(data).toEqual({
      countryName: "DE",
      stateOrProvince: "Bayern",
      locality: "München",
      organizationName: "Acme GmbH",
      validityDays: 365,
      keySize: 2048,
    });
    expect(data.organizationalUnit).toBeUndefined();
    expect(data.commonName).toBeUndefined();
    expect(data.emailAddress).toBeUndefined();
  });

  test("defaults apply when number fields are absent", () => {
    const data = certificateRequestSchema.parse({
      countryName: "us",
      stateOrProvince: "CA",
      locality: "SF",
      organizationName: "Acme",
    });
    expect(data.validityDays).toBe(365);
    expect(data.keySize).toBe(2048);
    expect(data.countryName).toBe("US");
  });

  test.each([
    ["validityDays", "1", 1],
    ["validityDays", "3650", 3650],
    ["validityDays", " 30 ", 30],
    ["keySize", "4096", 4096],
    ["keySize", "2048", 2048],
    ["emailAddress", " Admin@Example.com ", "Admin@Example.com"],
    ["organizationalUnit", " Security ", "Security"],
    ["commonName", "collector.example.com", "collector.example.com"],
    ["organizationName", "o".repeat(64), "o".repeat(64)],
    ["stateOrProvince", "s".repeat(128), "s".repeat(128)],
    ["locality", "Zürich, Old Town", "Zürich, Old Town"],
    ["organizationName", "株式会社アクメ", "株式会社アクメ"],
    ["stateOrProvince", "ü".repeat(64), "ü".repeat(64)],
    ["locality", `${"東".repeat(42)}aa`, `${"東".repeat(42)}aa`],
    ["organizationName", `${"株".repeat(21)}a`, `${"株".repeat(21)}a`],
    ["organizationName", ` ${"é".repeat(32)} `, "é".repeat(32)],
    ["organizationalUnit", `${"株".repeat(21)}a`, `${"株".repeat(21)}a`],
    ["commonName", "😀".repeat(16), "😀".repeat(16)],
    ["countryName", "gb", "GB"],
    ["countryName", "AQ", "AQ"],
  ])("%s = %j parses to %j", (field, value, expected) => {
    const data = certificateRequestSchema.parse({ ...valid, [field]: value });
    expect(data[field as keyof typeof data]).toBe(expected);
  });

  test("the byte limits are the X.520 upper bounds, and every multi-byte value at its limit is exactly that many UTF-8 bytes", () => {
    expect(SUBJECT_BYTE_LIMITS).toEqual({
      stateOrProvince: 128,
      locality: 128,
      organizationName: 64,
      organizationalUnit: 64,
      commonName: 64,
    });
    const atLimit = {
      stateOrProvince: "ü".repeat(64),
      locality: `${"東".repeat(42)}aa`,
      organizationName: `${"株".repeat(21)}a`,
      organizationalUnit: "é".repeat(32),
      commonName: "😀".repeat(16),
    };
    for (const [field, value] of Object.entries(atLimit)) {
      expect(Buffer.byteLength(value), field).toBe(SUBJECT_BYTE_LIMITS[field as keyof typeof SUBJECT_BYTE_LIMITS]);
      expect(Buffer.byteLength(`${value}a`), field).toBe(
        SUBJECT_BYTE_LIMITS[field as keyof typeof SUBJECT_BYTE_LIMITS] + 1,
      );
    }
    expect(certificateRequestSchema.safeParse({ ...valid, ...atLimit }).success).toBe(true);
    const oneOver = Object.fromEntries(Object.entries(atLimit).map(([field, value]) => [field, `${value}a`]));
    const result = certificateRequestSchema.safeParse({ ...valid, ...oneOver });
    expect(result.success).toBe(false);
    if (result.success) return;
    const errors = fieldErrors(result.error);
    expect(Object.keys(errors).sort()).toEqual(Object.keys(atLimit).sort());
    for (const message of Object.values(errors))
      expect(message).toMatch(/ bytes in UTF-8 \(about \d+ characters in this script\); shorten it\.$/);
  });

  test("the ISO 3166 list has every assigned alpha-2 code and no user-assigned ones", () => {
    expect(iso3166Alpha2.size).toBe(249);
    for (const code of ["US", "DE", "FR", "JP", "BR", "SS", "BQ", "CW", "SX", "AX"])
      expect(iso3166Alpha2.has(code)).toBe(true);
    for (const code of ["UK", "EU", "XK", "AN", "YU", "ZZ"]) expect(iso3166Alpha2.has(code)).toBe(false);
  });
});
