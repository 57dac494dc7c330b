// npm run bench:generate — complete generation vs the runbook's OpenSSL chain; a burst of 20 tenants generating at
// once, with and without the key pool (target p95 ≤ 100 ms from request to stored row, with the pool); one tenant's
// burst (one in flight); and the portal's latency while generations run.
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
import { startPortal } from "./bench/portal-process";
import { httpBurst, makeBenchCustomers, signInAll, waitForPool } from "./bench/generation-burst";

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const CONCURRENT = 8;
const BURST_TENANTS = 20;
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS ?? 5);
const SUBJECT = BENCH_CERTIFICATE_REQUEST;

const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-generate-"));
await chmod(tmp, 0o711); // the embedded cluster runs as the postgres user when we are root
const pgPort = 30000 + Math.floor(Math.random() * 10000);
const database = await startEmbeddedPostgres({ dataDir: path.join(tmp, "data"), port: pgPort });
process.env.DATABASE_URL = database.url;
process.env.PORTAL_MASTER_KEY = randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET = randomBytes(32).toString("base64");
// No hourly cap, to generate many times in a row. The pool starts empty and this process refills it only 2 s after
// the last draw (no background refill is started here): the first runs time fresh keys, then the pool is filled.
process.env.KEY_POOL_SIZE = String(BURST_TENANTS);
process.env.CERTIFICATES_PER_TENANT_PER_HOUR = "10000";
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
  if ((await getDb().certificate.count({ where: { keySize: 2048 } })) !== RUNS + 1)
    throw new Error("the fresh-key runs did not all make a certificate");
  await waitForPool(getDb(), BURST_TENANTS); // the refill, once the runs stopped drawing: not during OpenSSL's timing

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

  const inProcess = await inProcessBursts();
  const b = summary(inProcess);
  console.log(
    `${BURST_TENANTS} tenants at once, in process, key pool of ${BURST_TENANTS} (call to stored row), ${BURST_ROUNDS} rounds:`,
  );
  console.log(`  median ${ms(b.median)}   p95 ${ms(b.p95)}   max ${ms(b.max)}   (n=${b.n})`);
  console.log(`target p95 ≤ 100 ms: ${b.p95 <= 100 ? "met" : "MISSED"}\n`);

  const burst = await generationBursts();
  for (const [label, values] of burst.figures) {
    const b = summary(values);
    console.log(`${label}:\n  median ${ms(b.median)}   p95 ${ms(b.p95)}   max ${ms(b.max)}   (n=${b.n})`);
  }
  console.log(`HTTP statuses: ${burst.statuses}`);
  console.log(`pool refill after start: ${burst.refillMs} ms for ${BURST_TENANTS} keys`);
  console.log(
    `one tenant, ${BURST_TENANTS} generations at once: ${burst.oneTenant.created} created, ${burst.oneTenant.refused} refused "already being generated" (expected 1 and ${BURST_TENANTS - 1})\n`,
  );

  const latency = await latencyUnderLoad(password);
  console.log(
    `/api/health latency, idle:                         p50 ${ms(percentile(latency.idle, 50))}  p99 ${ms(percentile(latency.idle, 99))}  (n=${latency.idle.length})`,
  );
  console.log(
    `/api/health latency, ${CONCURRENT} generations in flight:     p50 ${ms(percentile(latency.loaded, 50))}  p99 ${ms(percentile(latency.loaded, 99))}  (n=${latency.loaded.length}, ${latency.generations} generations from ${CONCURRENT} tenants, all HTTP 201: ${latency.allCreated})`,
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

async function withPortal<T>(keyPoolSize: number, work: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = await startPortal({
    databaseUrl: database.url,
    port: 40000 + Math.floor(Math.random() * 10000),
    env: {
      PORTAL_MASTER_KEY: process.env.PORTAL_MASTER_KEY!,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET!,
      KEY_POOL_SIZE: String(keyPoolSize),
    },
  });
  try {
    return await work(server.baseUrl);
  } finally {
    await server.stop();
  }
}

// Each round: a full pool, then every tenant generates at the same moment through the portal's own function.
async function inProcessBursts(): Promise<number[]> {
  const db = getDb();
  const customers = await makeBenchCustomers(db, BURST_TENANTS, password);
  const latencies: number[] = [];
  // Round 0 warms up (first statements of each shape, JIT) and is not counted.
  for (let round = 0; round <= BURST_ROUNDS; round++) {
    await waitForPool(db, BURST_TENANTS);
    const connections = await Promise.all(
      customers.map(async (c) => {
        const id = randomUUID();
        await db.connection.create({ data: { id, tenantId: c.tenantId, name: `In-process burst ${id}` } });
        return id;
      }),
    );
    const round_ = await Promise.all(
      customers.map((c, i) =>
        timed(() =>
          generateCertificateForConnection({
            tenantId: c.tenantId,
            connectionId: connections[i]!,
            request: SUBJECT,
            requestToken: randomUUID(),
            actor: null,
            ip: null,
          }),
        ),
      ),
    );
    if (round > 0) latencies.push(...round_.map(([t]) => t));
    console.log(`  round ${round}: p95 ${ms(summary(round_.map(([t]) => t)).p95)}`);
  }
  // This process's refill starts 2 s after the last draw: let it finish before the HTTP measurements.
  await new Promise((r) => setTimeout(r, 2_500));
  await waitForPool(db, BURST_TENANTS);
  return latencies;
}

async function generationBursts() {
  const db = getDb();
  const customers = await makeBenchCustomers(db, BURST_TENANTS, password);
  const withoutPool: number[] = [];
  const withPool: number[] = [];
  const statuses: number[] = [];
  const oneTenant = await withPortal(0, async (baseUrl) => {
    const cookies = await signInAll(baseUrl, customers);
    for (let round = 0; round < BURST_ROUNDS; round++) {
      const burst = await httpBurst(db, baseUrl, cookies, customers);
      withoutPool.push(...burst.latencies);
      statuses.push(...burst.statuses);
    }
    // One tenant's 20 clicks at once (20 connections of the same tenant): one runs, the rest are told to wait.
    const same = await httpBurst(
      db,
      baseUrl,
      Array(BURST_TENANTS).fill(cookies[0]),
      Array(BURST_TENANTS).fill(customers[0]),
    );
    return {
      created: same.statuses.filter((s) => s === 201).length,
      refused: same.statuses.filter((s) => s === 409).length,
    };
  });
  await db.pooledKey.deleteMany({});
  let refillMs = 0;
  await withPortal(BURST_TENANTS, async (baseUrl) => {
    const cookies = await signInAll(baseUrl, customers);
    refillMs = await waitForPool(db, BURST_TENANTS);
    for (let round = 0; round < BURST_ROUNDS; round++) {
      await waitForPool(db, BURST_TENANTS);
      const burst = await httpBurst(db, baseUrl, cookies, customers);
      withPool.push(...burst.latencies);
      statuses.push(...burst.statuses);
    }
  });
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return {
    figures: [
      [`${BURST_TENANTS} tenants at once over HTTP, key pool of ${BURST_TENANTS} (request to stored row)`, withPool],
      [`${BURST_TENANTS} tenants at once over HTTP, no key pool (fresh keys, fair queue)`, withoutPool],
    ] as [string, number[]][],
    statuses: [...counts].map(([s, n]) => `${n}× ${s}`).join(", "),
    refillMs,
    oneTenant,
  };
}

// 8 tenants generate fresh keys in 3 rounds while /api/health is probed: what everyone else feels meanwhile.
async function latencyUnderLoad(password: string) {
  const db = getDb();
  const customers = await makeBenchCustomers(db, CONCURRENT, password);
  return withPortal(0, async (baseUrl) => {
    const cookies = await signInAll(baseUrl, customers);
    const probe = async () => (await timed(() => fetch(`${baseUrl}/api/health`).then((r) => r.text())))[0];
    for (let i = 0; i < 20; i++) await probe(); // warm-up
    const idle: number[] = [];
    for (let i = 0; i < 200; i++) idle.push(await probe());
    const loaded: number[] = [];
    let inFlight = true;
    let generations = 0;
    let allCreated = true;
    const load = (async () => {
      for (let round = 0; round < 3; round++) {
        const { statuses } = await httpBurst(db, baseUrl, cookies, customers);
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
  });
}
