import { startFakeSalesforce } from "./server";

// Usage: npx tsx tests/fake-salesforce/cli.ts --port 4010 [--extra-ports 4011,4012] [--host 127.0.0.1]
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg("port") ?? process.env.FAKE_SALESFORCE_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake-salesforce: invalid --port ${String(arg("port"))}`);
  process.exit(2);
}

const extraPorts = (arg("extra-ports") ?? "").split(",").filter(Boolean).map(Number);
if (extraPorts.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) {
  console.error(`fake-salesforce: invalid --extra-ports ${String(arg("extra-ports"))}`);
  process.exit(2);
}

const fake = await startFakeSalesforce({ port, extraPorts, host: arg("host") ?? "127.0.0.1" });
console.log(`fake-salesforce listening on ${fake.origins.join(", ")} (control API under ${fake.origin}/__fake/)`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
