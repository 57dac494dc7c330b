// npm run bench:test-connection — the portal's Test connection against the fake Salesforce, vs the same round trips raw.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { signAssertion } from "@/lib/salesforce/assertion";
import { COLLECTOR_QUERIES } from "@/lib/salesforce/collector-data";
import { BENCH_CERTIFICATE_REQUEST } from "./bench/certificate-request";
import { ms, summary, timed } from "./bench/stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const USERNAME = "integration@bench.example";
const root = path.resolve(import.meta.dirname, "..");

const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-test-connection-"));
await chmod(tmp, 0o711);
const database = await startEmbeddedPostgres({
  dataDir: path.join(tmp, "data"),
  port: 30000 + Math.floor(Math.random() * 10000),
});
const fakePort = 45000 + Math.floor(Math.random() * 5000);
const origin = `http://127.0.0.1:${fakePort}`;
// The fake runs in its own process, as Salesforce would, so it does not share the portal's event loop.
const fake = spawn(
  process.execPath,
  [path.join(root, "node_modules/tsx/dist/cli.mjs"), "tests/fake-salesforce/cli.ts", "--port", String(fakePort)],
  { cwd: root, stdio: "ignore" },
);
Object.assign(process.env, {
  DATABASE_URL: database.url,
  PORTAL_MASTER_KEY: randomBytes(32).toString("base64"),
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
  SALESFORCE_EXTRA_ALLOWED_ORIGINS: origin,
});

try {
  await migrate(database.url);
  await waitFor(`${origin}/__fake/requests`);
  const { getDb } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/users/create-user");
  const { generateCertificateForConnection } = await import("@/lib/connections/generate-certificate");
  const { runTestForConnection } = await import("@/lib/connections/run-connection-test");
  const { open, privateKeyAad } = await import("@/lib/crypto/envelope");
  const { getMasterKeys } = await import("@/lib/crypto/master-keys");

  const { user, tenant } = await createUser(getDb(), {
    email: `bench-${randomUUID()}@example.test`,
    password: randomBytes(12).toString("hex"),
    role: "customer",
    tenant: `Bench ${randomUUID()}`,
  });
  const connectionId = randomUUID();
  await getDb().connection.create({ data: { id: connectionId, tenantId: tenant!.id, name: "Bench" } });
  const cert = await generateCertificateForConnection({
    tenantId: tenant!.id,
    connectionId,
    requestToken: randomUUID(),
    actor: null,
    ip: null,
    request: BENCH_CERTIFICATE_REQUEST,
  });
  const row = await getDb().certificate.findUniqueOrThrow({
    where: { id: cert.id },
    select: { certificatePem: true, encryptedPrivateKey: true },
  });
  const clientId = `3MVG9${randomBytes(40).toString("hex")}`;
  await post(
    `${origin}/__fake/apps`,
    JSON.stringify({
      clientId,
      certificatePem: row.certificatePem,
      usernames: [USERNAME],
      acceptedAudiences: [origin],
    }),
    "application/json",
  );
  await getDb().connection.update({
    where: { id: connectionId },
    data: { username: USERNAME, clientId, instanceUrl: origin, environment: "production" },
  });
  const session = {
    id: user.id,
    email: user.email,
    role: "customer" as const,
    tenantId: tenant!.id,
    tenantName: tenant!.name,
  };
  const privateKeyPem = open(
    row.encryptedPrivateKey!,
    privateKeyAad(connectionId, cert.id),
    getMasterKeys().all,
  ).toString("utf8");

  const { runConnectionTest } = await import("@/lib/salesforce/test-connection");
  const libraryOnly = () =>
    runConnectionTest(
      { instanceUrl: origin, environment: "production", clientId, username: USERNAME, privateKeyPem },
      { extraOrigins: [origin], loginHosts: { login: origin, test: origin } },
    );
  const portal: number[] = [];
  const library: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    // The tenant's hourly limit protects Salesforce; the benchmark clears its own history between runs (untimed).
    await getDb().testRun.deleteMany({ where: { connectionId } });
    const [portalMs, view] = await timed(() => runTestForConnection({ user: session, connectionId, ip: null }));
    if (view.outcome !== "connected") throw new Error(`run ${i} did not connect: ${view.summary}`);
    const assertion = await signAssertion({ clientId, username: USERNAME, audience: origin, privateKeyPem });
    const [rawMs] = await timed(() => rawRoundTrips(assertion));
    const [libraryMs] = await timed(libraryOnly);
    if (i >= 2) {
      library.push(libraryMs);
      portal.push(portalMs);
      raw.push(rawMs);
    }
  }
  const p = summary(portal);
  const r = summary(raw);
  console.log(
    `bench:test-connection — ${RUNS} runs, fake Salesforce in a separate process, ${os.cpus().length} cores\n`,
  );
  console.log(`portal Test connection (DB reads, key decryption, signing, 7 HTTP calls, run claim and result write):`);
  console.log(`  median ${ms(p.median)}   p95 ${ms(p.p95)}`);
  const l = summary(library);
  console.log(
    `  of which the Salesforce library alone (signing, guarded requests, checks; no database): median ${ms(l.median)}   p95 ${ms(l.p95)}`,
  );
  console.log(`raw round trips (same 7 requests, one connection each, assertion pre-signed):`);
  console.log(`  median ${ms(r.median)}   p95 ${ms(r.p95)}`);
  const overhead = p.median - r.median;
  console.log(
    `overhead (medians): ${ms(overhead)}   (p95: ${ms(p.p95 - r.p95)})   target ≤ 20 ms: ${overhead <= 20 ? "met" : "MISSED"}`,
  );
  await getDb().$disconnect();
} finally {
  fake.kill("SIGTERM");
  await database.stop();
  await rm(tmp, { recursive: true, force: true });
}

async function rawRoundTrips(assertion: string): Promise<void> {
  const token = JSON.parse(
    await post(
      `${origin}/services/oauth2/token`,
      new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
      "application/x-www-form-urlencoded",
    ),
  ) as { access_token: string };
  const auth = { authorization: `Bearer ${token.access_token}` };
  const versions = JSON.parse(await get(`${origin}/services/data/`, {})) as { version: string }[];
  const v = versions.at(-1)!.version;
  await get(`${origin}/services/oauth2/userinfo`, auth);
  // What the collector will read: the aggregate and the two probes side by side, with the limits, as the portal does.
  const query = (q: string) => get(`${origin}/services/data/v${v}/query?q=${encodeURIComponent(q)}`, auth);
  await Promise.all([
    query(COLLECTOR_QUERIES.eventLogFiles),
    query(COLLECTOR_QUERIES.loginEvent),
    query(COLLECTOR_QUERIES.setupAuditTrail),
    get(`${origin}/services/data/v${v}/limits`, auth),
  ]);
}

function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function get(url: string, headers: Record<string, string>): Promise<string> {
  return request(url, "GET", headers);
}

function post(url: string, body: string, type: string): Promise<string> {
  return request(url, "POST", { "content-type": type }, body);
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}
