import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startFakeSalesforce, type FakeSalesforce } from "../tests/fake-salesforce/server";
import { endWithWorker } from "./support/children";
import { E2E } from "./support/config";
import { sql, suiteDatabaseUrl, suiteSecret } from "./support/db";
import { registerApp } from "./support/fake-salesforce";
import { customerWithCertificate, saveFields, SF_USERNAME } from "./support/journeys";

// SIGTERM to the web server (scripts/server.mjs, what `npm start` runs) during a Test connection. A second server on
// the journeys' build and database, with a short PORTAL_SHUTDOWN_GRACE_MS, and a fake Salesforce of its own whose
// token endpoint is slow (the shared faulty fake belongs to test-connection-faults.spec.ts).
test.describe.configure({ mode: "serial" });

let fake: FakeSalesforce;
test.beforeAll(async () => {
  fake = await startFakeSalesforce({ port: 0, host: "127.0.0.1" });
});
test.afterAll(async () => fake?.close());

type Portal = { origin: string; port: number; child: ChildProcess; appName: string; output: () => string };

function spawnPortal(port: number, graceMs: number): Omit<Portal, "port"> {
  const origin = `http://localhost:${port}`;
  // Every pool connection of this process carries this name in pg_stat_activity (node-postgres reads PGAPPNAME).
  const appName = `shutdown-e2e-${randomBytes(4).toString("hex")}`;
  const child = spawn(process.execPath, ["scripts/server.mjs"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      PORTAL_HOST: "127.0.0.1",
      NEXTAUTH_URL: origin,
      DATABASE_URL: suiteDatabaseUrl(),
      PORTAL_MASTER_KEY: suiteSecret("master.key"),
      NEXTAUTH_SECRET: suiteSecret("session.secret"),
      PORTAL_ROLE: "web",
      KEY_POOL_SIZE: "0",
      PORTAL_SHUTDOWN_GRACE_MS: String(graceMs),
      SALESFORCE_EXTRA_ALLOWED_ORIGINS: fake.origin,
      PGAPPNAME: appName,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  endWithWorker(child, "SIGKILL");
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { origin, child, appName, output: () => output };
}

async function startPortal(port: number, graceMs: number): Promise<Portal> {
  const portal = spawnPortal(port, graceMs);
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 60_000 },
    )
    .toBe(200);
  return { ...portal, port };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; at: number }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, at: Date.now() });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
}

// A customer's connection whose My Domain is the slow fake (saved through the journeys' portal, whose allowlist
// knows the faulty fake; then pointed at this spec's fake, which only the second server may reach).
async function slowConnection(page: Page): Promise<string> {
  const { connectionId } = await customerWithCertificate(page);
  const clientId = await registerApp(fake.origin, connectionId, SF_USERNAME, {
    acceptedAudiences: [fake.origin, "https://login.salesforce.com", "https://test.salesforce.com"],
  });
  await saveFields(page, { clientId, instanceUrl: E2E.faultyFakeOrigin, myDomainOnly: true });
  await sql(`UPDATE connections SET instance_url = $2 WHERE id = $1`, [connectionId, fake.origin]);
  return connectionId;
}

// Test connection as the browser starts it (the streamed POST), with the customer's session cookie.
// The body comes wrapped: an async function returning a bare promise would wait for it.
async function startTest(page: Page, portal: Portal, connectionId: string): Promise<{ body: Promise<string> }> {
  const cookie = (await page.context().cookies(E2E.baseUrl)).map((c) => `${c.name}=${c.value}`).join("; ");
  const response = await fetch(`http://127.0.0.1:${portal.port}/api/connections/${connectionId}/tests`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: portal.origin },
  });
  expect(response.status).toBe(200);
  const body = response.text();
  body.catch(() => undefined);
  await expect
    .poll(async () => (await sql(`SELECT 1 FROM test_runs WHERE connection_id = $1`, [connectionId])).length)
    .toBe(1);
  return { body };
}

// A request whose headers are half sent when SIGTERM comes: its socket is busy, so the stop does not close it.
function halfSentRequest(port: number, target: string): { finish: () => Promise<string> } {
  const socket = net.connect(port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("error", () => undefined);
  socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n`);
  return {
    finish: async () => {
      socket.write("\r\n");
      await closed;
      return answer;
    },
  };
}

function connectError(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

const connections = (appName: string) =>
  sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [appName]);

// The boot lock of the process that started a run (lib/db/boot-lock.ts), looked up by the run's boot id.
const bootLockHeld = async (connectionId: string) =>
  (
    await sql<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
         AND l.classid = 7301::int8::oid AND l.objid = (hashtext(r.boot_id::text)::int8 & 4294967295)::oid) AS held
       FROM test_runs r WHERE r.connection_id = $1`,
      [connectionId],
    )
  )[0]?.held;

test("a server whose port is taken exits 1 and names the port, instead of running on without listening", async () => {
  const port = E2E.port + 817;
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
  const portal = spawnPortal(port, 8_000);
  try {
    const end = await exited(portal.child);
    expect(end.code, portal.output()).toBe(1);
    expect(portal.output()).toContain(`port ${port} on 127.0.0.1 is already in use: stop what listens there`);
  } finally {
    portal.child.kill("SIGKILL");
    await new Promise((resolve) => squatter.close(resolve));
  }
});

test("SIGTERM during a Test connection: new connections are refused, the run finishes connected, the process exits 0", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const connectionId = await slowConnection(page);
  const portal = await startPortal(E2E.port + 818, 8_000);
  try {
    fake.setFault({ kind: "delay", ms: 3_000 }, "token");
    const { body } = await startTest(page, portal, connectionId);
    // While it runs, the process holds pool connections and its boot lock: what must be gone after the stop.
    expect((await connections(portal.appName))[0]!.n).toBeGreaterThan(0);
    expect(await bootLockHeld(connectionId)).toBe(true);
    const page503 = halfSentRequest(portal.port, "/connections");
    const ready503 = halfSentRequest(portal.port, "/api/health/ready");
    await new Promise((resolve) => setTimeout(resolve, 200));

    const stopped = exited(portal.child);
    const sigterm = Date.now();
    portal.child.kill("SIGTERM");
    await expect.poll(() => portal.output()).toContain("draining");

    // A new connection is refused at once, while the run is still going.
    expect(await connectError(portal.port)).toBe("ECONNREFUSED");
    // A request already on its way gets 503 and a closed connection; readiness says why.
    const pageAnswer = await page503.finish();
    expect(pageAnswer).toMatch(/^HTTP\/1\.1 503/);
    expect(pageAnswer.toLowerCase()).toContain("connection: close");
    expect(pageAnswer.toLowerCase()).toContain("retry-after: 5");
    expect(pageAnswer).toContain("The portal is restarting. Try again in a few seconds.");
    const readyAnswer = await ready503.finish();
    expect(readyAnswer).toMatch(/^HTTP\/1\.1 503/);
    expect(readyAnswer).toContain("shutting down");
    const [during] = await sql<{ outcome: string }>(`SELECT outcome FROM test_runs WHERE connection_id = $1`, [
      connectionId,
    ]);
    expect(during!.outcome).toBe("running");

    // The run is let finish: its real outcome, streamed to the browser to the end.
    const streamed = await body;
    expect(streamed).toContain('"type":"done"');
    const { code, signal, at } = await stopped;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - sigterm).toBeLessThan(8_000);
    const [run] = await sql<{ outcome: string; error_code: string | null }>(
      `SELECT outcome, error_code FROM test_runs WHERE connection_id = $1`,
      [connectionId],
    );
    expect(run).toEqual({ outcome: "connected", error_code: null });
    expect(portal.output()).toContain("1 test runs still running");
    expect(portal.output()).toMatch(/"waited":1,"interrupted":0,"msg":"stopped"/);
    // Its pool and its boot lock are gone.
    expect(await connections(portal.appName)).toEqual([{ n: 0 }]);
    expect(await bootLockHeld(connectionId)).toBe(false);
  } finally {
    fake.setFault(null);
    portal.child.kill("SIGKILL");
  }
});

test("a Test connection longer than the grace period is recorded interrupted, and the process still stops in time", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const connectionId = await slowConnection(page);
  const graceMs = 1_500;
  const portal = await startPortal(E2E.port + 819, graceMs);
  try {
    // Longer than the grace, shorter than the run's own 14 s limit: only the stop can end it.
    fake.setFault({ kind: "delay", ms: 10_000 }, "token");
    const { body } = await startTest(page, portal, connectionId);
    const stopped = exited(portal.child);
    const sigterm = Date.now();
    portal.child.kill("SIGTERM");
    const { code, signal, at } = await stopped;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(at - sigterm).toBeGreaterThanOrEqual(graceMs);
    expect(at - sigterm).toBeLessThan(graceMs + 3_000);
    // The browser's stream ends without a result.
    expect(await body.catch(() => "")).not.toContain('"type":"done"');

    const [run] = await sql<{ outcome: string; error_code: string; summary: string }>(
      `SELECT outcome, error_code, summary FROM test_runs WHERE connection_id = $1`,
      [connectionId],
    );
    expect(run).toEqual({
      outcome: "failed",
      error_code: "interrupted",
      summary: "The portal stopped before this test finished. Run the test again.",
    });
    expect(portal.output()).toMatch(/"waited":1,"interrupted":1,"msg":"stopped"/);
    expect(await connections(portal.appName)).toEqual([{ n: 0 }]);
    expect(await bootLockHeld(connectionId)).toBe(false);
    // The customer reads it on the connection's page (served by the journeys' portal).
    await page.goto(`/connections/${connectionId}`);
    await expect(page.getByRole("region", { name: "Test result" }).first()).toContainText(
      "The portal stopped before this test finished",
    );
  } finally {
    fake.setFault(null);
    portal.child.kill("SIGKILL");
  }
});
