// npm run bench:faults — issue #9's fault figures, on the real portal (scripts/start.ts → next start): `kill -9` of the
// portal during a Test connection, and PostgreSQL restarted under the running portal. Prints what clients saw.
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BOOT_LOCK_GRACE_MS } from "@/lib/db/boot-lock";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { seedReadyConnection, setFakeDelay, startFake } from "./bench/faults-setup";
import { servingAgainAt, startProber, statusCounts } from "./bench/http-prober";
import { signInOverHttp, startPortal } from "./bench/portal-process";

const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_MS ?? 3_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomPort = (base: number) => base + Math.floor(Math.random() * 5_000);

const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-faults-"));
await chmod(tmp, 0o711); // the embedded cluster runs as the postgres user when we are root
const pg = { dataDir: path.join(tmp, "data"), port: randomPort(30000) };
let database = await startEmbeddedPostgres(pg);
const databaseStartedAt = Date.now();
const fake = await startFake(randomPort(45000));
const secrets = {
  PORTAL_MASTER_KEY: randomBytes(32).toString("base64"),
  NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
};
Object.assign(process.env, { DATABASE_URL: database.url, ...secrets });
const seed = await seedReadyConnection(database.url, fake.origin);
const env = { ...secrets, SALESFORCE_EXTRA_ALLOWED_ORIGINS: fake.origin };
const portalPort = randomPort(40000);
const start = () => startPortal({ databaseUrl: database.url, port: portalPort, env, killable: true });
let portal = await start();
const base = portal.baseUrl;
const testUrl = `${base}/api/connections/${seed.connectionId}/tests`;
const startTest = (cookie: string) =>
  fetch(testUrl, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" });

try {
  console.log(`bench:faults — real portal (next start) on embedded PostgreSQL, ${os.cpus().length} cores\n`);
  await killDuringTest();
  await restartDatabase();
} finally {
  await portal.stop();
  fake.process.kill("SIGTERM");
  await seed.db.$disconnect();
  await database.stop();
  await rm(tmp, { recursive: true, force: true });
}

async function killDuringTest(): Promise<void> {
  const cookie = await signInOverHttp(base, seed.email, seed.password);
  // A just-started PostgreSQL suspends the boot-lock rule for a few seconds (lib/db/boot-lock.ts): not what we measure.
  await sleep(Math.max(0, BOOT_LOCK_GRACE_MS - (Date.now() - databaseStartedAt)));
  // Salesforce answers the token request after 20 s: the run is mid-test when the portal dies.
  await setFakeDelay(fake.origin, 20_000);
  const response = await startTest(cookie);
  const first = new TextDecoder().decode((await response.body!.getReader().read()).value);
  const runId = (JSON.parse(first.split("\n")[0]!) as { runId: string }).runId;
  await sleep(500);
  await portal.kill();
  const leftRunning = await seed.db.testRun.count({ where: { connectionId: seed.connectionId, outcome: "running" } });
  await setFakeDelay(fake.origin, null);

  const restartStarted = Date.now();
  portal = await start();
  const ready = Date.now();
  const killed = () => seed.db.testRun.findUniqueOrThrow({ where: { id: runId } });
  while ((await killed()).outcome === "running" && Date.now() - ready < 10_000) await sleep(50);
  const expiredAfterMs = Date.now() - ready;
  const afterStart = await killed();
  const retry = await startTest(cookie);
  const done = (await retry.text()).trim().split("\n").at(-1)!;
  const retried = (JSON.parse(done) as { run?: { id: string; outcome: string } }).run;
  const audited = await seed.db.auditEvent.count({ where: { action: "test.run", targetId: runId } });
  const connection = await seed.db.connection.findUniqueOrThrow({ where: { id: seed.connectionId } });

  console.log("kill -9 of the portal (process group: start.ts and next) during a Test connection:");
  console.log(`  runs left "running" by the kill: ${leftRunning}`);
  console.log(`  portal restarted and answering in ${((ready - restartStarted) / 1000).toFixed(1)} s`);
  console.log(
    `  killed run after the restart: ${afterStart.outcome}/${afterStart.errorCode ?? "-"}, ${expiredAfterMs} ms after the portal answered (no test needed)`,
  );
  console.log(`  Test connection again at once: HTTP ${retry.status}, outcome ${retried?.outcome ?? "none"}`);
  console.log(
    `  nothing half-written: audit entries of the killed run ${audited}, connection's last run is the new one: ${connection.lastTestRunId === retried?.id}\n`,
  );
}

async function restartDatabase(): Promise<void> {
  const cookie = await signInOverHttp(base, seed.email, seed.password);
  const targets = {
    "GET /api/health (liveness)": `${base}/api/health`,
    "GET /api/health/ready": `${base}/api/health/ready`,
    "GET /connections/[id] (page)": `${base}/connections/${seed.connectionId}`,
    "GET /api/certificates/[id]/download (route handler)": `${base}/api/certificates/${seed.certificateId}/download`,
  };
  const prober = startProber(targets, { cookie });
  await sleep(1_500);
  const down = Date.now();
  await database.stop();
  await sleep(OUTAGE_MS);
  database = await startEmbeddedPostgres(pg);
  const back = Date.now();
  await sleep(7_000);
  await prober.stop();

  console.log(`PostgreSQL stopped for ${((back - down) / 1000).toFixed(1)} s (stop, ${OUTAGE_MS} ms down, start):`);
  const leaks = /prisma|ECONNREFUSED|127\.0\.0\.1|\n\s+at /i;
  for (const [name, probes] of Object.entries(prober.probes)) {
    const during = probes.filter((p) => p.at >= down && p.at < back);
    const again = servingAgainAt(probes, back);
    console.log(`  ${name}`);
    console.log(
      `    during the outage: ${statusCounts(probes, down, back)}; slowest answer ${Math.max(...during.map((p) => p.ms))} ms`,
    );
    console.log(`    after PostgreSQL was back: ${statusCounts(probes, back, Infinity)}`);
    console.log(
      `    serving again ${again === null ? "NEVER" : `${again - back} ms`} after PostgreSQL was back (target ≤ 5000 ms: ${again !== null && again - back <= 5_000 ? "met" : "MISSED"})`,
    );
    // Error answers only: the page itself shows the fake Salesforce's 127.0.0.1 origin as the org's address.
    const leak = probes.find((p) => p.status !== 200 && leaks.test(p.body));
    console.log(
      `    database or stack text in an error answer: ${leak ? `YES (${leak.body.match(leaks)![0]})` : "none"}`,
    );
  }
  console.log(`  portal process still running, never restarted: ${!portal.exited()}`);
}
