// A stand-in portal process for tests/integration/faults-generation.test.ts: it takes its boot lock as a portal does
// at start and generates one RSA-4096 certificate (seconds of prime search), so that the test can `kill -9` it while
// the generation is under way.
// Usage: node --import=tsx --conditions=react-server tests/support/generation-child.ts <tenantId> <connectionId>
import { randomUUID } from "node:crypto";
import { keepBootLock } from "@/lib/db/boot-lock";

const [tenantId, connectionId] = process.argv.slice(2);
if (!tenantId || !connectionId || !process.env.DATABASE_URL) {
  console.error("usage: generation-child.ts <tenantId> <connectionId>, with DATABASE_URL set");
  process.exit(2);
}
if (!(await keepBootLock(process.env.DATABASE_URL))) {
  console.error("generation-child: could not take the boot lock");
  process.exit(1);
}
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
await generateCertificateForConnection({
  tenantId,
  connectionId,
  request: {
    countryName: "US",
    stateOrProvince: "CA",
    locality: "SF",
    organizationName: "Killed mid-generation",
    commonName: "Killed mid-generation",
    validityDays: 365,
    keySize: 4096,
  },
  requestToken: randomUUID(),
  actor: null,
  ip: null,
});
process.stdout.write("finished\n");
process.exit(0);
