import { readFileSync } from "node:fs";
import { startFakeSalesforce } from "./server";

// Usage: npx tsx tests/fake-salesforce/cli.ts --port 4010 [--extra-ports 4011,4012] [--host 127.0.0.1]
//          [--tls-port 4013 --tls-key key.pem --tls-cert cert.pem [--proxy-port 4014]]
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

const tlsKey = arg("tls-key");
const tlsCert = arg("tls-cert");
const tls =
  tlsKey && tlsCert
    ? { key: readFileSync(tlsKey, "utf8"), cert: readFileSync(tlsCert, "utf8"), port: Number(arg("tls-port") ?? 0) }
    : undefined;
const proxyPort = arg("proxy-port") ? Number(arg("proxy-port")) : undefined;

const fake = await startFakeSalesforce({
  port,
  extraPorts,
  host: arg("host") ?? "127.0.0.1",
  ...(tls ? { tls } : {}),
  ...(proxyPort !== undefined ? { proxyPort } : {}),
});
console.log(`fake-salesforce listening on ${fake.origins.join(", ")} (control API under ${fake.origin}/__fake/)`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
