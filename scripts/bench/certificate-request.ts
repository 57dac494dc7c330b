import type { CertificateRequest } from "@/lib/validation/certificate";

// The subject the API and Test connection benchmarks sign their one certificate with.
export const BENCH_CERTIFICATE_REQUEST: CertificateRequest = {
  countryName: "US",
  stateOrProvince: "CA",
  locality: "SF",
  organizationName: "Bench",
  commonName: "Bench",
  validityDays: 365,
  keySize: 2048,
};
