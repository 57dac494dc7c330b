// npm run bench:generate — complete generation vs the runbook's OpenSSL chain, and portal latency under load.
import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { BENCH_CERTIFICATE_REQUEST } from "./bench/certificate-request";
import { ms, percentile, summary, timed } from "./bench/stats";
import { signInOverHttp, startPortal } from "./bench/portal-process";

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CONCURRENT = 8;
const SUBJECT = BENCH_CERTIFICATE_REQUEST;

const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-generate-"));
await chmod(tmp, 0o711); // the embedded cluster runs as the postgres user when we are root
const pgPort = 30000 + Math.floor(Math.random() * 10000);
const database = await startEmbeddedPostgres({ dataDir: path.join(tmp, "data"), port: pgPort });
process.env.DATABASE_URL = database.url;
process.env.PORTAL_MASTER_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
await migrate(database.url);

const { getDb } = await import("@/lib/db/client");
const { createUser } = await import("@/lib/users/create-user");
const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");

const password = randomBytes(12).toString("hex");
const { user, tenant } = await createUser(getDb(), {
  email: `bench-${randomUUID()}@example.test`,
  password,
  role: "customer",
  tenant: `Bench ${randomUUID()}`,
});
const connectionId = randomUUID();
await getDb().connection.create({ data: { id: connectionId, tenantId: tenant!.id, name: "Bench" } });

try {
  console.log(`bench:generate — ${RUNS} runs each, RSA 2048, ${os.cpus().length} cores, Node ${process.version}\n`);
  const generate = () =>
    generateCertificateForConnection({
      tenantId: tenant!.id,
      connectionId,
      request: SUBJECT,
      requestToken: randomUUID(),
      actor: user,
      ip: null,
    });
  await generate(); // warm-up: module loading, connection pool
  const portal: number[] = [];
  for (let i = 0; i < RUNS; i++) portal.push((await timed(generate))[0]);

  const openssl: number[] = [];
  for (let i = 0; i < RUNS; i++) openssl.push((await timed(() => runbookChain(path.join(tmp, `openssl-${i}`))))[0]);

  const p = summary(portal);
  const o = summary(openssl);
  console.log("complete generation (key + certificate + encryption + insert), in process:");
  console.log(`  median ${ms(p.median)}   p95 ${ms(p.p95)}   max ${ms(p.max)}`);
  console.log("runbook OpenSSL chain (genpkey -aes-256-cbc, rsa, req, x509 -req -sha256 -days 365), as processes:");
  console.log(`  median ${ms(o.median)}   p95 ${ms(o.p95)}   max ${ms(o.max)}`);
  const ratio = p.median / o.median;
  console.log(
    `ratio portal/openssl (medians): ${ratio.toFixed(2)}  (target ≤ 1.0: ${ratio <= 1 ? "met" : "MISSED"})\n`,
  );

  const latency = await latencyUnderLoad(user.email, password, tenant!.id);
  console.log(
    `/api/health latency, idle:                         p50 ${ms(percentile(latency.idle, 50))}  p99 ${ms(percentile(latency.idle, 99))}  (n=${latency.idle.length})`,
  );
  console.log(
    `/api/health latency, ${CONCURRENT} generations in flight:     p50 ${ms(percentile(latency.loaded, 50))}  p99 ${ms(percentile(latency.loaded, 99))}  (n=${latency.loaded.length}, ${latency.generations} generations, all HTTP 201: ${latency.allCreated})`,
  );
  const p99 = percentile(latency.loaded, 99);
  console.log(`target p99 ≤ 50 ms: ${p99 <= 50 ? "met" : "MISSED"}`);
} finally {
  await getDb().$disconnect();
  await database.stop();
  await rm(tmp, { recursive: true, force: true });
}

async function runbookChain(dir: string): Promise<void> {
  await run("mkdir", ["-p", dir]);
  const at = (f: string) => path.join(dir, f);
  await run("openssl", [
    "genpkey",
    "-aes-256-cbc",
    "-algorithm",
    "RSA",
    "-pkeyopt",
    "rsa_keygen_bits:2048",
    "-out",
    at("server.pass.key"),
    "-pass",
    "pass:benchpass",
  ]);
  await run("openssl", ["rsa", "-passin", "pass:benchpass", "-in", at("server.pass.key"), "-out", at("server.key")]);
  await run("openssl", [
    "req",
    "-new",
    "-key",
    at("server.key"),
    "-out",
    at("server.csr"),
    "-subj",
    `/C=${SUBJECT.countryName}/ST=${SUBJECT.stateOrProvince}/L=${SUBJECT.locality}/O=${SUBJECT.organizationName}/CN=${SUBJECT.commonName}`,
  ]);
  await run("openssl", [
    "x509",
    "-req",
    "-sha256",
    "-days",
    "365",
    "-in",
    at("server.csr"),
    "-signkey",
    at("server.key"),
    "-out",
    at("server.crt"),
  ]);
}

async function latencyUnderLoad(email: string, password: string, tenantId: string) {
  const portalPort = 40000 + Math.floor(Math.random() * 10000);
  const server = await startPortal({
    databaseUrl: database.url,
    port: portalPort,
    env: { PORTAL_MASTER_KEY: process.env.PORTAL_MASTER_KEY!, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET! },
  });
  try {
    const cookie = await signInOverHttp(server.baseUrl, email, password);
    const probe = async () => (await timed(() => fetch(`${server.baseUrl}/api/health`).then((r) => r.text())))[0];
    for (let i = 0; i < 20; i++) await probe(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push(await probe());
    const loadedConnection = randomUUID();
    await (
      await import("@/lib/db/client")
    )
      .getDb()
      .connection.create({ data: { id: loadedConnection, tenantId, name: "Bench under load" } });
    const loaded: number[] = [];
    let inFlight = true;
    let generations = 0;
    let allCreated = true;
    const load = (async () => {
      for (let round = 0; round < 3; round++) {
        const statuses = await Promise.all(
          Array.from({ length: CONCURRENT }, () =>
            fetch(`${server.baseUrl}/api/connections/${loadedConnection}/certificates`, {
              method: "POST",
              headers: { "content-type": "application/json", cookie },
              body: JSON.stringify({ ...SUBJECT, requestToken: randomUUID() }),
            }).then((r) => r.status),
          ),
        );
        generations += statuses.length;
        allCreated &&= statuses.every((s) => s === 201);
      }
      inFlight = false;
    })();
    while (inFlight) {
      loaded.push(await probe());
      await new Promise((r) => setTimeout(r, 5));
    }
    await load;
    return { idle, loaded, generations, allCreated };
  } finally {
    await server.stop();
  }
}
